import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { getProject, listAllowedDeployTargets } from "@/lib/projects/queries";
import { tokenKeys } from "@/lib/tokens/keys";
import { canManageTokens } from "@/lib/tokens/policy";
import { listTokens } from "@/lib/tokens/queries";
import { webhookKeys } from "@/lib/webhooks/keys";
import { listDeliveries, listWebhooks } from "@/lib/webhooks/queries";
import { DeliveriesPanel } from "./_components/deliveries-panel";
import { DeployTargetsPanel } from "./_components/deploy-targets-panel";
import { RepositoryPanel } from "./_components/repository-panel";
import { TokensPanel } from "./_components/tokens-panel";
import { WebhooksPanel } from "./_components/webhooks-panel";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const actor = await requireActor();
  const project = await orNotFound(getProject(slug));
  const header = (
    <PageHeader
      title="Settings"
      description={`${project.name}'s repository, API tokens for its pipelines, the deploy targets they may set, event webhooks, and the log of every delivery.`}
    />
  );
  if (!canManageTokens(actor)) {
    return (
      <>
        {header}
        <EmptyState title="Only admins manage tokens and webhooks">Ask an admin of your team for a token for your pipeline.</EmptyState>
      </>
    );
  }
  const [tokens, webhooks, deliveries, targets] = [
    await listTokens(actor, slug),
    await listWebhooks(actor, slug),
    await listDeliveries(actor, slug),
    await listAllowedDeployTargets(actor, slug),
  ];
  return (
    <>
      {header}
      <Hydrate
        entries={[
          [tokenKeys.list(slug), tokens],
          [webhookKeys.list(slug), webhooks],
          [webhookKeys.deliveries(slug, 1, ""), deliveries],
        ]}
      >
        <div className="space-y-6">
          <RepositoryPanel slug={slug} initial={project.repository} managed={project.pipelineManaged} />
          <TokensPanel slug={slug} />
          <DeployTargetsPanel slug={slug} initial={targets.allowed} />
          <WebhooksPanel slug={slug} />
          <DeliveriesPanel slug={slug} />
        </div>
      </Hydrate>
    </>
  );
}
