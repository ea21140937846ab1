import { suitesInTreeOrder } from "@/lib/test-cases/suite-tree";
import type { SuiteDto } from "@/lib/test-cases/schemas";

/**
 * A select's options for suites, as the tree they form: each after its parent and named by its
 * path ("Checkout › Cart"), so that two sub-suites of one name in different places differ.
 */
export function SuiteOptions({ suites }: { suites: readonly (Pick<SuiteDto, "id" | "name"> & { parentId?: string | null })[] }) {
  const names = new Map(suites.map((suite) => [suite.id, suite.name]));
  return suitesInTreeOrder(suites.map((suite) => ({ ...suite, parentId: suite.parentId ?? null }))).map((suite) => (
    <option key={suite.id} value={suite.id}>
      {[...suite.ancestors.map((id) => names.get(id)), suite.name].join(" › ")}
    </option>
  ));
}
