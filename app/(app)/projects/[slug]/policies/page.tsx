import type { Metadata } from "next";
import { PipelineChangeCard } from "@/components/pipeline/pipeline-change-card";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { environmentKeys } from "@/lib/environments/keys";
import { listEnvironmentPolicies } from "@/lib/environments/queries";
import { orNotFound } from "@/lib/http/not-found";
import { canEditPolicy } from "@/lib/promotions/policy";
import { listPipelineChanges, livePipeline } from "@/lib/pipeline/queries";
import { ManagedBanner } from "./_components/managed-banner";
import { PolicyEditor } from "./_components/policy-editor";

type Params = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Policies" };

export default async function PoliciesPage({ params }: Params) {
  const { slug } = await params;
  const actor = await requireActor();
  const [policies, pipeline, changes] = await orNotFound(
    Promise.all([listEnvironmentPolicies(slug), livePipeline(slug), listPipelineChanges(slug, 1)]),
  );
  const waiting = changes[0]?.status === "PENDING" ? changes[0] : null;
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
      {waiting ? (
        <section aria-label="Pipeline change waiting" className="mb-6">
          <PipelineChangeCard slug={slug} change={waiting} />
        </section>
      ) : null}
      {pipeline.managed ? <ManagedBanner slug={slug} managed={pipeline.managed} canUnmanage={canEditPolicy(actor)} /> : null}
      <Hydrate entries={[[environmentKeys.policies(slug), policies]]}>
        <PolicyEditor slug={slug} canEdit={canEdit} />
      </Hydrate>
    </>
  );
}
