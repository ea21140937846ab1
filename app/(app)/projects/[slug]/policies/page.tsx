import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { environmentKeys } from "@/lib/environments/keys";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { orNotFound } from "@/lib/http/not-found";
import { canEditPolicy } from "@/lib/promotions/policy";
import { livePipeline } from "@/lib/pipeline/queries";
import { ManagedBanner } from "./_components/managed-banner";
import { PolicyEditor } from "./_components/policy-editor";

type Params = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({ params }: Params) {
  const { slug } = await params;
  const actor = await requireActor(`/projects/${slug}/policies`);
  const [policies, pipeline] = await orNotFound(Promise.all([listEnvironmentPolicies(slug), livePipeline(slug)]));
  const canEdit = canEditPolicy(actor) && !pipeline.managed;
  return (
    <>
      <PageHeader
        title="Environment policies"
        description={
          canEdit
            ? "The gates of entering each environment. Every change is recorded in the audit trail."
            : "The gates of entering each environment. Admins change them."
        }
        actions={
          <a
            className="text-sm font-medium text-brand-700 hover:underline"
            href={`/api/v1/projects/${slug}/pipeline`}
            download="shiproom.yaml"
          >
            Export shiproom.yaml
          </a>
        }
      />
      {pipeline.managed ? <ManagedBanner slug={slug} managed={pipeline.managed} canUnmanage={canEditPolicy(actor)} /> : null}
      <Hydrate entries={[[environmentKeys.policies(slug), policies]]}>
        <PolicyEditor slug={slug} canEdit={canEdit} />
      </Hydrate>
    </>
  );
}
