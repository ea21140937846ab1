import { TimeAgo } from "@/components/format/time";
import { Avatar } from "@/components/ui/avatar";
import { EmptyState } from "@/components/ui/empty-state";
import { actorName, describeAuditEvent } from "@/lib/audit/describe";
import type { AuditEventDto } from "@/lib/audit/schemas";

export function ActivityFeed({ events }: { events: AuditEventDto[] }) {
  if (events.length === 0) return <EmptyState title="Nothing has happened yet">Changes to this project will show here.</EmptyState>;
  return (
    <ol className="divide-y divide-slate-100" aria-label="Activity">
      {events.map((event) => {
        const who = actorName(event.actorLabel);
        return (
          <li key={event.seq} className="flex items-start gap-3 px-5 py-3 text-sm">
            <Avatar name={who} className="mt-0.5" />
            <div className="min-w-0 flex-1">
              <p className="text-slate-700">
                <span className="font-medium text-slate-900">{who}</span> {describeAuditEvent(event)}
              </p>
              {event.reason ? <p className="mt-0.5 text-xs text-slate-500">“{event.reason}”</p> : null}
            </div>
            <span className="shrink-0 text-xs text-slate-400">
              <TimeAgo iso={event.occurredAt} />
            </span>
          </li>
        );
      })}
    </ol>
  );
}
