import { ShieldAlert } from "lucide-react";
import Link from "next/link";
import { TimeAgo } from "@/components/format/time";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import type { PendingChangeDto } from "@/lib/pipeline/schemas";
import { plural } from "@/lib/format/plural";

/** A token's shiproom.yaml that weakens gates, waiting for an admin: what it weakens and where to review it. */
export function PipelineChangeCard({ slug, change }: { slug: string; change: PendingChangeDto }) {
  const count = change.weakenings.length;
  return (
    <Card className="border-amber-200">
      <div className="flex items-start gap-3 p-4">
        <ShieldAlert className="mt-0.5 size-5 shrink-0 text-amber-600" aria-hidden />
        <div className="min-w-0 flex-1 space-y-2">
          <div>
            <p className="text-sm font-medium text-slate-900">
              shiproom.yaml <code className="font-mono">{change.revision}</code> weakens {plural(count, "gate")}
            </p>
            <p className="text-xs text-slate-500">
              Sent by {change.proposedBy} <TimeAgo iso={change.createdAt} />. Only people weaken a gate: it waits for an admin.
            </p>
          </div>
          <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700">
            {change.weakenings.slice(0, 4).map((w, i) => (
              <li key={i}>
                <span className="font-medium">{w.environment}</span>: {w.message}
              </li>
            ))}
            {count > 4 ? <li>and {count - 4} more</li> : null}
          </ul>
          <Link href={`/projects/${slug}/policies/changes/${change.id}`} className={buttonClass("secondary", "sm")}>
            Review the change
          </Link>
        </div>
      </div>
    </Card>
  );
}
