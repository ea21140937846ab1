// The audit page's filters, kept in its address as the API takes them (GET /api/v1/audit).
import type { QueryReader } from "@/lib/http/address";
import { auditFilterSchema, OWN_ACTIONS } from "./schemas";

/** The fields of the filter, in the address as in the API. */
export const AUDIT_FILTERS = ["actor", "action", "project", "objectType", "objectId", "from", "to"] as const;

/** "deployment." for every deployment action: the prefixes the page offers, one per kind of object. */
export function actionPrefixes(actions: readonly string[]): string[] {
  return [...new Set(actions.map((action) => `${action.split(".")[0]}.`))];
}

/**
 * The filters of an address, each only when it is right: a member (or Shiproom's own), an action (or a prefix of
 * them) and a project among those the page offers, an instant for `from` and `to`. A field that is
 * not is left out, as if not given.
 */
export function auditFiltersOf(
  query: QueryReader,
  offered: { members: readonly string[]; actions: readonly string[]; projects: readonly string[] },
): Record<string, string> {
  const right: Record<(typeof AUDIT_FILTERS)[number], (value: string) => boolean> = {
    actor: (value) => value === OWN_ACTIONS || offered.members.includes(value),
    action: (value) => offered.actions.includes(value) || actionPrefixes(offered.actions).includes(value),
    project: (value) => offered.projects.includes(value),
    objectType: (value) => auditFilterSchema.shape.objectType.safeParse(value).success,
    objectId: (value) => auditFilterSchema.shape.objectId.safeParse(value).success,
    from: (value) => auditFilterSchema.shape.from.safeParse(value).success,
    to: (value) => auditFilterSchema.shape.to.safeParse(value).success,
  };
  return Object.fromEntries(
    AUDIT_FILTERS.flatMap((field) => {
      const value = query.get(field)?.trim();
      return value && right[field](value) ? [[field, value]] : [];
    }),
  );
}
