import type { Metadata } from "next";
import Link from "next/link";
import { TimeAgo } from "@/components/format/time";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { describeChange } from "@/lib/pipeline/describe-change";
import { pipelineChangeDetail } from "@/lib/pipeline/queries";
import type { PendingChangeDto } from "@/lib/pipeline/schemas";
import { canEditPolicy } from "@/lib/promotions/policy";
import { ChangeDecision } from "./_components/change-decision";

type Params = { params: Promise<{ slug: string; id: string }> };

export const metadata: Metadata = { title: "Pipeline change" };

const STATUS: Record<PendingChangeDto["status"], { label: string; tone: BadgeTone }> = {
  PENDING: { label: "Waiting for an admin", tone: "warning" },
  APPLIED: { label: "Applied", tone: "success" },
  REJECTED: { label: "Rejected", tone: "danger" },
  REPLACED: { label: "Replaced", tone: "neutral" },
};

export default async function PipelineChangePage({ params }: Params) {
  const { slug, id } = await params;
  const actor = await requireActor();
  const change = await orNotFound(pipelineChangeDetail(slug, id));
  const status = STATUS[change.status];
  const weakenings = change.plan?.weakenings ?? change.weakenings;
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/projects/${slug}/policies`} className="hover:underline">
            Policies
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            Pipeline change <code className="font-mono text-lg">{change.revision}</code>
            <Badge tone={status.tone}>{status.label}</Badge>
          </span>
        }
        description={
          <>
            Sent by {change.proposedBy} <TimeAgo iso={change.createdAt} />.{" "}
            {change.status === "PENDING" ? "It weakens gates, and only people weaken a gate: an admin applies it or turns it down." : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader
              title={
                change.status === "PENDING"
                  ? "Gates it weakens, planned against the live pipeline now"
                  : "Gates it weakened when it was sent"
              }
            />
            {weakenings.length ? (
              <ul className="divide-y divide-slate-100" aria-label="Weakened gates">
                {weakenings.map((w, i) => (
                  <li key={i} className="px-5 py-2.5 text-sm">
                    <span className="font-medium text-slate-900">{w.environment}</span> <span className="text-amber-800">{w.message}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="px-5 py-4 text-sm text-slate-500">Against the live pipeline now, it weakens no gate.</p>
            )}
          </Card>
          {change.plan ? (
            <Card>
              <CardHeader title="Everything applying it changes" description="The same plan `shiproom plan` prints." />
              {change.plan.changes.length ? (
                <pre className="overflow-x-auto px-5 py-4 font-mono text-xs leading-relaxed text-slate-800">
                  {change.plan.changes.map(describeChange).join("\n")}
                </pre>
              ) : (
                <p className="px-5 py-4 text-sm text-slate-500">No changes: the live pipeline already matches this file.</p>
              )}
            </Card>
          ) : null}
          {change.problem ? (
            <p role="alert" className="text-sm text-rose-600">
              {change.problem}
            </p>
          ) : null}
          <details className="rounded-lg border border-slate-200 bg-white shadow-sm">
            <summary className="cursor-pointer px-5 py-3 text-sm font-medium text-slate-900">The file as it was sent</summary>
            <pre className="overflow-x-auto border-t border-slate-100 px-5 py-4 font-mono text-xs text-slate-800">{change.yaml}</pre>
          </details>
        </div>
        <div>
          <Card>
            <CardHeader title="Decision" />
            <div className="space-y-3 px-5 py-4 text-sm">
              {change.status === "PENDING" ? (
                canEditPolicy(actor) ? (
                  <ChangeDecision slug={slug} id={change.id} planDigest={change.plan?.planDigest ?? null} />
                ) : (
                  <p className="text-slate-600">An admin applies it or turns it down.</p>
                )
              ) : (
                <p className="text-slate-700">
                  {status.label}
                  {change.decidedBy ? ` by ${change.decidedBy}` : ""}
                  {change.decidedAt ? (
                    <>
                      {" "}
                      <TimeAgo iso={change.decidedAt} />
                    </>
                  ) : null}
                  {change.decisionNote ? `: ${change.decisionNote}` : "."}
                </p>
              )}
            </div>
          </Card>
        </div>
      </div>
    </>
  );
}
