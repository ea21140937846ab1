import { ArrowRight, ShieldCheck, Timer, Zap } from "lucide-react";
import type { Metadata } from "next";
import { ActivityFeed } from "@/components/activity/activity-feed";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listProjectActivity } from "@/lib/audit/queries";
import { requireMember } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { roleLabels } from "@/lib/auth/roles";
import { getProject } from "@/lib/projects/queries";
import type { EnvironmentDto } from "@/lib/projects/schemas";

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).slug };
}

function PolicySummary({ env }: { env: EnvironmentDto }) {
  const approvals = env.approvalRules.map((rule) => `${rule.minCount} from ${roleLabels[rule.role]}`).join(" and ");
  return (
    <ul className="space-y-1.5 text-xs text-slate-600">
      <li className="flex items-center gap-1.5">
        <Zap className="size-3.5 text-slate-400" aria-hidden />
        {env.autoPromote ? "Promotes automatically (continuous deployment)" : "Promoted by a person (continuous delivery)"}
      </li>
      <li className="flex items-center gap-1.5">
        <ShieldCheck className="size-3.5 text-slate-400" aria-hidden />
        {approvals ? `Approvals: ${approvals}` : "No approvals needed"}
      </li>
      <li className="flex items-center gap-1.5">
        <Timer className="size-3.5 text-slate-400" aria-hidden />
        Deploy target: {env.deployTarget.toLowerCase()}
      </li>
    </ul>
  );
}

export default async function ProjectPage({ params }: Params) {
  const { slug } = await params;
  await requireMember(`/projects/${slug}`);
  const project = await orNotFound(getProject(slug));
  const activity = await listProjectActivity(project.id);
  return (
    <>
      <PageHeader eyebrow={project.key} title={project.name} description={project.description ?? undefined} />
      <section aria-labelledby="pipeline" className="mb-8">
        <h2 id="pipeline" className="mb-3 text-sm font-semibold text-slate-700">
          Pipeline
        </h2>
        <ol className="flex flex-col gap-3 lg:flex-row lg:items-stretch">
          {project.environments.map((env, index) => (
            <li key={env.id} className="flex flex-1 items-center gap-3">
              {index > 0 ? <ArrowRight className="hidden size-4 shrink-0 text-slate-300 lg:block" aria-hidden /> : null}
              <Card className="h-full flex-1 p-4">
                <div className="mb-3 flex items-center justify-between">
                  <h3 className="font-semibold text-slate-900">{env.name}</h3>
                  <Badge tone={env.autoPromote ? "success" : "neutral"}>{env.autoPromote ? "automatic" : "manual"}</Badge>
                </div>
                <PolicySummary env={env} />
              </Card>
            </li>
          ))}
        </ol>
      </section>
      <Card>
        <CardHeader title="Recent activity" description="Every change, who made it and why." />
        <ActivityFeed events={activity} />
      </Card>
    </>
  );
}
