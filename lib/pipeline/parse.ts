// Reads a shiproom.yaml: YAML syntax first, then the schema. Every problem names its place in the
// file (environments[2].approvals[0].role) and its line, and all of them are reported at once.
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { pipelineFileSchema, type PipelineFile, type PipelineProblem } from "./schemas";

export const MAX_FILE_BYTES = 256 * 1024;

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

export type ParseResult = { ok: true; file: PipelineFile } | { ok: false; problems: PipelineProblem[] };

export function parsePipeline(text: string): ParseResult {
  if (Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES)
    return { ok: false, problems: [{ path: "", message: `the file is larger than ${MAX_FILE_BYTES / 1024} KB` }] };
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        return { path: "", message: error.message.split("\n")[0]!, line: at.line, column: at.col };
      }),
    };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 10 });
  } catch (error) {
    return { ok: false, problems: [{ path: "", message: (error as Error).message }] };
  }
  const result = pipelineFileSchema.safeParse(data ?? {});
  if (result.success) return { ok: true, file: result.data };
  return { ok: false, problems: placed(doc, lines, result.error.issues) };
}

type Unplaced = { path: readonly PropertyKey[]; message: string };

/** Problems with their place in the file: the closest node it has for each path (a missing key points at its parent). */
function placed(doc: Document, lines: LineCounter, issues: readonly Unplaced[]): PipelineProblem[] {
  const seen = new Set<string>();
  const problems: PipelineProblem[] = [];
  for (const issue of issues) {
    const path = formatPath(issue.path);
    const key = `${path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let node: unknown = undefined;
    for (let depth = issue.path.length; depth >= 0 && !isNode(node); depth--) node = doc.getIn(issue.path.slice(0, depth), true);
    const range = isNode(node) ? node.range : undefined;
    const at = range ? lines.linePos(range[0]) : undefined;
    problems.push({ path, message: issue.message, ...(at ? { line: at.line, column: at.col } : {}) });
  }
  return problems;
}

/** Problems found after reading a valid file (checks that need the server), placed at their line in it. */
export function problemsInFile(text: string, issues: readonly Unplaced[]): PipelineProblem[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return placed(doc, lines, issues);
}

/** "shiproom.yaml:12:15 environments[2].approvals[0].role: unknown role "opps"" */
export function describeProblem(problem: PipelineProblem, file = "shiproom.yaml"): string {
  const where = problem.line ? `${file}:${problem.line}:${problem.column} ` : `${file}: `;
  return `${where}${problem.path ? `${problem.path}: ` : ""}${problem.message}`;
}
