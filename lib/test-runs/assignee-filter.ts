// The run's "Assignee" filter, in the address as `?assignee=mine|unassigned|<member id>`: the run's
// page shows those cases, and execution (which the filter carries into) walks only them.
import type { QueryReader } from "@/lib/http/address";
import { isUuid } from "@/lib/http/validation";
import type { ResultDto } from "./schemas";

export type AssigneeFilter = "mine" | "unassigned" | { id: string };

/** The filter the address names; anything else shows everyone's cases (null). */
export function assigneeFilterOf(query: QueryReader): AssigneeFilter | null {
  const value = query.get("assignee")?.toLowerCase();
  if (value === "mine" || value === "unassigned") return value;
  return value && isUuid(value) ? { id: value } : null;
}

/** The filter as the address writes it. */
export function assigneeParam(filter: AssigneeFilter | null): string | null {
  return filter === null ? null : typeof filter === "string" ? filter : filter.id;
}

export function matchesAssignee(result: Pick<ResultDto, "assignee">, filter: AssigneeFilter | null, viewerId: string): boolean {
  if (filter === null) return true;
  if (filter === "unassigned") return result.assignee === null;
  return result.assignee?.id === (filter === "mine" ? viewerId : filter.id);
}
