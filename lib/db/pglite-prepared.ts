// Named prepared statements on PGlite. PGlite's own query() parses, describes and plans every
// statement anew (an unnamed statement each time): measured on a release's registration, 10 of
// the 14.7 ms it spent inside PGlite went to parsing and planning, 2.8 ms to running the
// statements. Here a statement of a text seen before runs as a named statement prepared once per
// PGlite, as pg's named statements do on PostgreSQL (./driver.ts statementName): planned anew
// its first five runs, then by a generic plan when PostgreSQL finds it as good (plan_cache_mode).
// A bulk change's statements are not given to it (`prepared: false`, BULK in ./transaction.ts).
//
// What this depends on in PGlite 0.5 (lib/db/sql.db.test.ts runs it on PGlite, so an upgrade that
// changes one fails there first): the exports `protocol.serialize` and
// `parse.parseResults` / `parse.parseDescribeStatementResults`; the instance's
// `execProtocolStream`, `serializers`, `parsers`, `syncToFs`, and its two mutexes
// `_runExclusiveTransaction` (a statement outside a transaction waits for an open one) and
// `_runExclusiveQuery` (one statement at a time). A statement with options this does not
// handle (a COPY blob, parameter types) runs through PGlite's own query().
import { parse, protocol, type PGlite, type QueryOptions, type Results } from "@electric-sql/pglite";

/** A statement prepared on the PGlite: its name, and the types of its parameters PostgreSQL inferred. */
type Prepared = { name: string; types: number[] };

/** Texts prepared at most per PGlite: a text that varies (lists spliced in) must not grow the set without end. */
const MAX_PREPARED = 500;
/**
 * A statement of more parameters, or a longer text, runs as PGlite runs it: a many-row insert
 * (Prisma's createMany of a run's 5,000 results) is a one-off whose text changes with its rows,
 * and PostgreSQL keeps a copy of a named statement's parse tree and copies it again to plan each
 * run, where an unnamed one is planned once from the tree it has ("one-shot").
 */
const MAX_PREPARED_PARAMS = 100;
const MAX_PREPARED_TEXT = 8_192;

/** PGlite's query(), and a transaction's tx.query(). */
export type PgliteQuery = <T>(text: string, params?: unknown[], options?: QueryOptions) => Promise<Results<T>>;

/**
 * For one PGlite, a function that turns a query function of it (`pglite.query`, or an open
 * transaction's `tx.query` with that `tx`) into one that prepares each statement text once; what
 * it does not handle runs through the function it was given.
 */
export function preparedStatements(pglite: PGlite): (original: PgliteQuery, tx?: { readonly closed: boolean }) => PgliteQuery {
  const prepared = new Map<string, Prepared>();
  let next = 0;
  const handles = (text: string, params: unknown[], options?: QueryOptions) =>
    !options?.blob &&
    !options?.paramTypes &&
    params.length <= MAX_PREPARED_PARAMS &&
    text.length <= MAX_PREPARED_TEXT &&
    (prepared.has(text) || prepared.size < MAX_PREPARED);
  const stream = (message: Uint8Array, options?: QueryOptions) =>
    pglite.execProtocolStream(message, { syncToFs: false, onNotice: options?.onNotice });

  async function run<T>(text: string, params: unknown[], options: QueryOptions | undefined, inTransaction: boolean): Promise<Results<T>> {
    // Every message back, in order (a loop, not a spread: a result may be 100,000 rows).
    const messages: Awaited<ReturnType<typeof stream>> = [];
    const take = (part: typeof messages) => {
      for (const message of part) messages.push(message);
    };
    try {
      let statement = prepared.get(text);
      if (!statement) {
        const name = `shiproom_${++next}`;
        take(await stream(protocol.serialize.parse({ name, text }), options));
        const types = parse.parseDescribeStatementResults(await stream(protocol.serialize.describe({ type: "S", name }), options));
        prepared.set(text, (statement = { name, types }));
      }
      const types = statement.types;
      const values = params.map((param, i) => {
        if (param === null || param === undefined) return null;
        const serialize = options?.serializers?.[types[i]!] ?? pglite.serializers[types[i]!];
        return serialize ? serialize(param) : String(param);
      });
      take(await stream(protocol.serialize.bind({ statement: statement.name, values }), options));
      take(await stream(protocol.serialize.describe({ type: "P" }), options));
      take(await stream(protocol.serialize.execute({}), options));
    } finally {
      // Ends the extended query, after an error too (PGlite's own query() does the same).
      take(await stream(protocol.serialize.sync(), options));
    }
    if (!inTransaction) await pglite.syncToFs();
    return parse.parseResults(messages, pglite.parsers, options)[0] as Results<T>;
  }

  return (original, tx) =>
    <T>(text: string, params: unknown[] = [], options?: QueryOptions): Promise<Results<T>> => {
      if (!handles(text, params, options)) return original<T>(text, params, options);
      if (!tx) return pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(() => run<T>(text, params, options, false)));
      if (tx.closed) return Promise.reject(new Error("Transaction is closed"));
      return pglite._runExclusiveQuery(() => run<T>(text, params, options, true));
    };
}
