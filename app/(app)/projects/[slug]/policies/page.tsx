import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { environmentKeys } from "@/lib/environments/keys";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { orNotFound } from "@/lib/http/not-found";
import { canEditPolicy } from "@/lib/promotions/policy";
import { PolicyEditor } from "./_components/policy-editor";

type Params = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({ params }: Params) {
  const { slug } = await params;
  const actor = await requireActor(`/projects/${slug}/policies`);
  const policies = await orNotFound(listEnvironmentPolicies(slug));
  const canEdit = canEditPolicy(actor);
  return (
    <>
      <PageHeader
        title="Environment policies"
        description={
          canEdit
            ? "The gates of entering each environment. Every change is recorded in the audit trail."
            : "The gates of entering each environment. Admins change them."
        }
      />
      <Hydrate entries={[[environmentKeys.policies(slug), policies]]}>
        <PolicyEditor slug={slug} canEdit={canEdit} />
      </Hydrate>
    </>
  );
}
