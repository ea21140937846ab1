// The SQL that takes one Prisma schema to another, offline: Prisma's schema engine as WebAssembly
// (@prisma/schema-engine-wasm, the build matching the installed prisma), over an in-memory
// PGlite. The prisma CLI cannot do this here: its native schema engine cannot be downloaded, and
// its `migrate diff` without that engine exits 0 with no output at all — an empty migration for
// any change. So this module checks its own answer: a diff that comes back empty while the two
// schemas describe different databases is refused, never written as a migration.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";

type DiffTarget = { tag: "empty" } | { tag: "schemaDatamodel"; files: { path: string; content: string }[] };
type Engine = {
  diff(params: {
    from: DiffTarget;
    to: DiffTarget;
    script: boolean;
    exitCode: boolean | null;
    filters: object;
  }): Promise<{ stdout: string }>;
};

const require = createRequire(import.meta.url);

let loaded: Promise<Engine> | undefined;

/** The process's one engine: its WebAssembly bindings are module state and can be set up once. */
function engine(): Promise<Engine> {
  return (loaded ??= loadEngine());
}

/** Loads the engine's WebAssembly by hand: its package imports the .wasm as an ES module, which Node 20 cannot. */
async function loadEngine(): Promise<Engine> {
  const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bindings = (await import(pathToFileURL(path.join(dir, "schema_engine_bg.js")).href)) as {
    __wbg_set_wasm(exports: WebAssembly.Exports): void;
    SchemaEngine: { new: (options: object, log: (line: string) => void, adapter: object) => Promise<Engine> };
  };
  const wasm = new WebAssembly.Module(fs.readFileSync(path.join(dir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(wasm, { "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  // The engine needs a database only to exist: both sides of a diff are schema files here.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(new PGlite()));
  return bindings.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
}

const schemaFile = (name: string, content: string): DiffTarget => ({ tag: "schemaDatamodel", files: [{ path: name, content }] });

/** A diff that must not be written as a migration (see refusal()). */
export class SchemaDiffError extends Error {}

/**
 * The migration SQL from `previous` to `next` (Prisma schema texts), "" when they describe the same
 * database (a comment, a relation field's name, a generator setting). Cross-checked: each schema's
 * whole SQL from an empty database is computed too, and when those differ the diff must not be
 * empty. Throws SchemaDiffError when it is, or when the engine answers a schema with models by no
 * SQL; the engine's own errors (P1012, with line and column) pass through.
 */
export async function migrationSql(previousText: string, nextText: string): Promise<string> {
  const [previous, next] = [withoutRetiredSettings(previousText), withoutRetiredSettings(nextText)];
  const schemaEngine = await engine();
  const diff = (from: DiffTarget, to: DiffTarget) =>
    schemaEngine.diff({ from, to, script: true, exitCode: null, filters: { externalTables: [], externalEnums: [] } }).then((r) => r.stdout);
  const step = bare(await diff(schemaFile("previous.prisma", previous), schemaFile("schema.prisma", next)));
  const [wholePrevious, wholeNext] = [
    bare(await diff({ tag: "empty" }, schemaFile("previous.prisma", previous))),
    bare(await diff({ tag: "empty" }, schemaFile("schema.prisma", next))),
  ];
  const refused = refusal({ step, wholePrevious, wholeNext, next });
  if (refused) throw new SchemaDiffError(refused);
  return step;
}

/**
 * Why a diff must not be written as a migration, or null: the engine answered a schema with models
 * by no SQL (it did not run), or the two schemas' whole SQL differs while the diff is empty.
 */
export function refusal(answer: { step: string; wholePrevious: string; wholeNext: string; next: string }): string | null {
  if (/^\s*(model|enum)\s/m.test(answer.next) && answer.wholeNext === "")
    return "The schema engine produced no SQL for a schema with models: it did not run (refusing to write an empty migration).";
  if (answer.step === "" && answer.wholePrevious !== answer.wholeNext)
    return "The schemas describe different databases, but the schema engine's diff is empty (refusing to write an empty migration).";
  return null;
}

/**
 * A schema without the settings Prisma 7 refuses and that never changed a database: the datasource's
 * `url` and the generator's `engineType`, which schemas before Prisma 7 (this project's history) have.
 */
function withoutRetiredSettings(schema: string): string {
  return schema.replace(/^\s*(url|engineType)\s*=.*\n/gm, "");
}

/** The engine's script without its "empty migration" comment: "" when there is nothing to do. */
function bare(sql: string): string {
  return sql.replace(/^-- This is an empty migration\.\s*$/m, "").trim();
}
