import { Play } from "lucide-react";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { QueueItemDto } from "@/lib/test-runs/assignment-schemas";

/** One run of "My queue": the cases assigned to me still untested, and the way into executing them. */
export function QueueCard({ slug, item }: { slug: string; item: QueueItemDto }) {
  const { run } = item;
  const done = item.assigned - item.untested;
  return (
    <Card className="flex flex-wrap items-center justify-between gap-3 p-4" aria-label={`My queue in run #${run.number}`}>
      <div className="min-w-0">
        <Link href={`/projects/${slug}/runs/${run.id}?assignee=mine`} className="font-medium hover:underline">
          <span className="text-slate-500">#{run.number}</span> {run.name}
        </Link>
        <p className="text-sm text-slate-600">
          <span className="font-mono">{run.release}</span> on {run.environment} · {item.untested} of {item.assigned} assigned to you still
          untested{done > 0 ? ` (${done} done)` : ""}
        </p>
      </div>
      <Link
        href={`/projects/${slug}/runs/${run.id}/execute?assignee=mine&result=${item.firstResultId}`}
        className={buttonClass("secondary", "sm")}
      >
        <Play className="size-4" aria-hidden /> Execute mine
      </Link>
    </Card>
  );
}
