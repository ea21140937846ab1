import { CircleCheck, CircleX, Hourglass } from "lucide-react";
import Link from "next/link";
import { TimeAgo } from "@/components/format/time";
import { cn } from "@/components/ui/cn";
import type { GateEvaluation, GateStatus } from "@/lib/promotions/gates";

const icons: Record<GateStatus, { icon: typeof CircleCheck; className: string; label: string }> = {
  passed: { icon: CircleCheck, className: "text-emerald-600", label: "passed" },
  waiting: { icon: Hourglass, className: "text-amber-600", label: "waiting" },
  failed: { icon: CircleX, className: "text-rose-600", label: "failed" },
};

/** Each gate on one line: "Approvals: 1 of 2 from Ops — waiting on Ops; you cannot approve your own request". */
export function GateChecklist({ evaluation, approvalHint }: { evaluation: GateEvaluation; approvalHint?: string }) {
  if (evaluation.gates.length === 0) return <p className="text-xs text-slate-500">No gates: it goes straight through.</p>;
  return (
    <ul aria-label="Gates" className="space-y-1.5">
      {evaluation.gates.map((gate) => {
        const { icon: Icon, className, label } = icons[gate.status];
        const hint = gate.kind === "approvals" && gate.status === "waiting" && approvalHint ? `; ${approvalHint}` : "";
        return (
          <li
            key={gate.kind}
            className="flex items-start gap-1.5 text-xs leading-5 text-slate-700"
            data-gate={gate.kind}
            data-status={gate.status}
          >
            <Icon className={cn("mt-0.5 size-3.5 shrink-0", className)} aria-label={label} />
            <span>
              <span className="font-medium text-slate-900">{gate.title}:</span> {gate.summary}
              {gate.at ? (
                <>
                  {" "}
                  <TimeAgo iso={gate.at} />
                </>
              ) : null}
              {gate.waitingOn ? ` — waiting on ${gate.waitingOn}` : ""}
              {hint}
              {gate.href ? (
                <>
                  {"; "}
                  <Link href={gate.href} className="font-medium text-brand-700 hover:underline">
                    {gate.hrefLabel ?? "open the run"}
                  </Link>
                </>
              ) : null}
              {gate.notes?.map((note) => (
                <span key={note} className="block text-amber-800">
                  {note}
                </span>
              ))}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
