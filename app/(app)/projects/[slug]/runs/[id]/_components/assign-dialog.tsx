"use client";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field, Fieldset } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input, Select } from "@/components/ui/input";
import { ApiError } from "@/lib/http/fetch-json";
import { useMembers } from "@/lib/members/hooks";
import { useSuites } from "@/lib/test-cases/hooks";
import { useAssignResults } from "@/lib/test-runs/assignment-hooks";
import type { AssignResultsInput } from "@/lib/test-runs/assignment-schemas";
import type { RunDto } from "@/lib/test-runs/schemas";
import { plural } from "@/lib/format/plural";

export type AssignMode = "one" | "spread" | "none";
type Scope = "selected" | "suite" | "tag" | "all";

/** QA splits the run: the chosen cases (selected rows, a suite, a tag, all) to one tester, spread between several, or to nobody. */
export function AssignDialog({
  slug,
  run,
  selected,
  mode: initialMode,
  open,
  onOpenChange,
  onAssigned,
}: {
  slug: string;
  run: RunDto;
  selected: readonly string[];
  mode: AssignMode;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onAssigned: () => void;
}) {
  const members = useMembers({ enabled: open });
  const suites = useSuites(slug);
  const assign = useAssignResults(slug, run.id);
  const [scope, setScope] = useState<Scope>(selected.length > 0 ? "selected" : "all");
  const [mode, setMode] = useState<AssignMode>(initialMode);
  const [suiteId, setSuiteId] = useState("");
  const [tag, setTag] = useState("");
  const [assignee, setAssignee] = useState("");
  const [spread, setSpread] = useState<string[]>([]);
  const [reassign, setReassign] = useState<boolean | null>(null);
  const error = assign.error instanceof ApiError ? assign.error : undefined;
  const active = (members.data ?? []).filter((m) => m.active);
  // Cases someone already has stay theirs unless asked (the README's rule): taken by default only
  // when unassigning, or when the cases were picked one by one.
  const takesAssigned = reassign ?? (mode === "none" || (mode === "one" && scope === "selected"));

  // It opens as its opener asks, however it was closed.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setScope(selected.length > 0 ? "selected" : "all");
      setMode(initialMode);
      setReassign(null);
      assign.reset();
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input: AssignResultsInput = {
      ...(scope === "selected" ? { results: [...selected] } : {}),
      ...(scope === "suite" ? { suites: suiteId ? [suiteId] : [] } : {}),
      ...(scope === "tag" ? { tags: tag.trim() ? [tag.trim()] : [] } : {}),
      ...(scope === "all" ? { all: true } : {}),
      ...(mode === "one" ? { assignee } : mode === "spread" ? { spread } : { assignee: null }),
      reassign: takesAssigned,
    };
    assign.mutate(input, {
      onSuccess: (outcome) => {
        const given = outcome.assigned.map((t) => `${t.name} ${t.cases}`).join(", ");
        const taken = outcome.taken.length ? `; taken from ${outcome.taken.map((t) => `${t.name} ${t.cases}`).join(", ")}` : "";
        toast.success(
          outcome.changed === 0
            ? "Nothing changed: those cases were already assigned so"
            : outcome.unassigned > 0 && !given
              ? `${plural(outcome.unassigned, "case")} unassigned${taken}`
              : `Assigned ${plural(outcome.changed - outcome.unassigned, "case")}: ${given}${taken}`,
        );
        onAssigned();
        onOpenChange(false);
      },
    });
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={mode === "spread" ? `Spread run #${run.number} between testers` : `Assign cases of run #${run.number}`}
      description="Testers see their cases in My queue (Waiting on me) and are notified once."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError error={error} />
        <Fieldset legend="Cases" error={error?.field("results") ?? error?.field("all")}>
          <div className="grid gap-1.5 text-sm">
            {(
              [
                ["selected", `Selected (${selected.length})`],
                ["suite", "A suite, with its sub-suites"],
                ["tag", "Cases with a tag"],
                ["all", `All cases (${run.total})`],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-1.5">
                <input
                  type="radio"
                  name="scope"
                  className="accent-brand-600"
                  checked={scope === value}
                  disabled={value === "selected" && selected.length === 0}
                  onChange={() => setScope(value)}
                />
                {label}
              </label>
            ))}
          </div>
        </Fieldset>
        {scope === "suite" ? (
          <Field label="Suite" error={error?.field("suites") ?? error?.field("suites.0")}>
            <Select value={suiteId} onChange={(e) => setSuiteId(e.target.value)}>
              <option value="">Choose a suite</option>
              {(suites.data ?? []).map((suite) => (
                <option key={suite.id} value={suite.id}>
                  {suite.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        {scope === "tag" ? (
          <Field label="Tag" hint="Like smoke or area:payments" error={error?.field("tags") ?? error?.field("tags.0")}>
            <Input value={tag} onChange={(e) => setTag(e.target.value)} />
          </Field>
        ) : null}
        <Fieldset legend="To">
          <div className="grid gap-1.5 text-sm">
            {(
              [
                ["one", "One tester"],
                ["spread", "Spread evenly between…"],
                ["none", "Nobody (unassign)"],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="flex items-center gap-1.5">
                <input type="radio" name="mode" className="accent-brand-600" checked={mode === value} onChange={() => setMode(value)} />
                {label}
              </label>
            ))}
          </div>
        </Fieldset>
        {mode === "one" ? (
          <Field label="Tester" error={error?.field("assignee")}>
            <Select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
              <option value="">Choose a tester</option>
              {active.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        {mode === "spread" ? (
          <Fieldset legend="Spread evenly between" error={error?.field("spread") ?? error?.field("spread.0")}>
            <ul className="grid max-h-48 gap-1 overflow-y-auto text-sm sm:grid-cols-2">
              {active.map((member) => (
                <li key={member.id}>
                  <label className="flex items-center gap-1.5">
                    <input
                      type="checkbox"
                      className="accent-brand-600"
                      checked={spread.includes(member.id)}
                      onChange={(e) => setSpread(e.target.checked ? [...spread, member.id] : spread.filter((id) => id !== member.id))}
                    />
                    {member.name}
                  </label>
                </li>
              ))}
            </ul>
            <p className="text-xs text-slate-500">Each gets as many cases as the others (one more at most), in blocks in case order.</p>
          </Fieldset>
        ) : null}
        {mode !== "none" ? (
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" className="accent-brand-600" checked={takesAssigned} onChange={(e) => setReassign(e.target.checked)} />
            Also take cases already assigned to someone
          </label>
        ) : null}
        <DialogActions
          onCancel={() => onOpenChange(false)}
          submitLabel={mode === "spread" ? "Spread" : mode === "none" ? "Unassign" : "Assign"}
          pending={assign.isPending}
        />
      </form>
    </Dialog>
  );
}
