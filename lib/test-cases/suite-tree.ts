// Suites as the tree they form (parentId), for pickers that show it: each suite after its parent,
// siblings in the order given (the API's: position, then creation), with its depth and its ancestors.
import type { SuiteDto } from "./schemas";

type Suite = Pick<SuiteDto, "id" | "parentId">;
export type SuiteNode<T extends Suite = SuiteDto> = T & { depth: number; ancestors: string[] };

/** Depth first. A suite whose parent is not in the list (or a cycle) is placed at the top level. */
export function suitesInTreeOrder<T extends Suite>(suites: readonly T[]): SuiteNode<T>[] {
  const ids = new Set(suites.map((suite) => suite.id));
  const children = new Map<string | null, T[]>();
  for (const suite of suites) {
    const parent = suite.parentId !== null && ids.has(suite.parentId) ? suite.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), suite]);
  }
  const out: SuiteNode<T>[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null, ancestors: string[]) => {
    for (const suite of children.get(parent) ?? []) {
      if (seen.has(suite.id)) continue;
      seen.add(suite.id);
      out.push({ ...suite, depth: ancestors.length, ancestors });
      visit(suite.id, [...ancestors, suite.id]);
    }
  };
  visit(null, []);
  // What a cycle left unvisited, at the top level.
  for (const suite of suites) if (!seen.has(suite.id)) out.push({ ...suite, depth: 0, ancestors: [] });
  return out;
}
