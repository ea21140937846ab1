// What a revision records about a case, what changed between two of them, and the text the
// library's search indexes. Pure, so the UI's diff and the server's record agree.
import type { CaseFields, CaseSnapshot } from "./schemas";

export function snapshotOf(fields: CaseFields, suiteName: string | null): CaseSnapshot {
  return {
    title: fields.title,
    preconditions: fields.preconditions,
    steps: fields.steps.map((step) => ({ action: step.action, expected: step.expected })),
    priority: fields.priority,
    tags: fields.tags,
    suite: suiteName,
    kind: fields.kind,
    automationId: fields.automationId,
  };
}

const FIELDS: (keyof CaseSnapshot)[] = ["title", "preconditions", "steps", "priority", "tags", "suite", "kind", "automationId"];

/** The fields whose value differs (steps compared as a whole, in order). */
export function changedFields(before: CaseSnapshot | null, after: CaseSnapshot): (keyof CaseSnapshot)[] {
  if (!before) return FIELDS;
  return FIELDS.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
}

export type StepDiff = {
  kind: "same" | "added" | "removed" | "changed";
  before?: { action: string; expected: string };
  after?: { action: string; expected: string };
};

/** Steps side by side by position: what a reviewer reads in a revision's diff. */
export function diffSteps(before: CaseSnapshot["steps"], after: CaseSnapshot["steps"]): StepDiff[] {
  return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => {
    const b = before[i];
    const a = after[i];
    if (!b) return { kind: "added", after: a };
    if (!a) return { kind: "removed", before: b };
    return { kind: b.action === a.action && b.expected === a.expected ? "same" : "changed", before: b, after: a };
  });
}

export function searchTextOf(
  key: string,
  fields: Pick<CaseFields, "title" | "preconditions" | "steps" | "tags" | "automationId">,
  externalId?: string | null,
): string {
  return [
    key,
    externalId ?? "",
    fields.title,
    fields.preconditions ?? "",
    ...fields.steps.flatMap((s) => [s.action, s.expected]),
    ...fields.tags,
    fields.automationId ?? "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** A search box's words as a full-text query: every word must match, as a prefix ("log" finds "login"). */
export function toTsQuery(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}_]+/u)
    .filter(Boolean)
    .slice(0, 10);
  return words.length ? words.map((word) => `${word}:*`).join(" & ") : null;
}
