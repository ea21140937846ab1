/**
 * Spreads cases between testers evenly and deterministically. `cases` are the cases to give out,
 * in the run's order; `load` how many of the chosen cases each tester already holds (cases left
 * with them). Each case goes to the tester holding fewest so far (ties: the earlier in `testers`),
 * so the counts end at most one apart where the load allows; then each tester's share is handed
 * out as one consecutive block in case order (a tester keeps neighbouring cases, often one suite),
 * testers in the order given. The same input always gives the same split.
 */
export function spreadEvenly<T>(
  cases: readonly T[],
  testers: readonly string[],
  load: ReadonlyMap<string, number> = new Map(),
): Map<string, T[]> {
  const shares = testers.map((id) => ({ id, held: load.get(id) ?? 0, take: 0 }));
  for (let i = 0; i < cases.length && shares.length > 0; i++) {
    let least = shares[0]!;
    for (const share of shares) if (share.held + share.take < least.held + least.take) least = share;
    least.take++;
  }
  const out = new Map<string, T[]>();
  let at = 0;
  for (const share of shares) {
    out.set(share.id, cases.slice(at, at + share.take));
    at += share.take;
  }
  return out;
}
