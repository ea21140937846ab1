/** The chosen suites with all their sub-suites (a chosen suite brings its children, theirs, …). */
export function withSubSuites(suites: readonly { id: string; parentId: string | null }[], chosenIds: readonly string[]): Set<string> {
  const chosen = new Set(chosenIds);
  for (let grew = true; grew;) {
    grew = false;
    for (const suite of suites)
      if (suite.parentId && chosen.has(suite.parentId) && !chosen.has(suite.id)) grew = chosen.add(suite.id).size > 0;
  }
  return chosen;
}
