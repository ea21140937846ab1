// Test cases as CSV: our own column set (what an export writes and an import reads back) and
// TestRail's CSV export, told apart by their headers. Parsing is csv-parse's, streamed: a row at a
// time becomes a case's fields or its problems, each with its row (the header is row 1, as a
// spreadsheet counts) and its column as the file names it. Pure, so that the server, the CLI's
// tests and the unit tests read a file alike.
import { CsvError, parse } from "csv-parse";
import { Readable } from "node:stream";
import { caseInputSchema, PRIORITIES, type CaseFields } from "./schemas";
import type { CasePriority } from "@/lib/generated/prisma/enums";

const CSV_LIMITS = { bytes: 20 * 1024 * 1024, rows: 50_000 };

/** Our columns, in the order an export writes them. */
export const CSV_COLUMNS = [
  "Key",
  "Title",
  "Suite",
  "Priority",
  "Kind",
  "Tags",
  "Preconditions",
  "Steps",
  "Automation id",
  "External id",
] as const;
type Column = (typeof CSV_COLUMNS)[number];

/** TestRail's columns we read; any other column of its export is ignored (and listed as such). */
const TESTRAIL_COLUMNS = [
  "ID",
  "Title",
  "Section",
  "Section Hierarchy",
  "Priority",
  "Type",
  "Preconditions",
  "Steps",
  "Expected Result",
  "Steps (Step)",
  "Steps (Expected Result)",
  "References",
] as const;
type TestRailColumn = (typeof TESTRAIL_COLUMNS)[number];

/** TestRail's default priorities; its ids (1–4) too, as some exports write them. */
const TESTRAIL_PRIORITIES: Record<string, CasePriority> = {
  critical: "CRITICAL",
  high: "HIGH",
  medium: "MEDIUM",
  low: "LOW",
  "4": "CRITICAL",
  "3": "HIGH",
  "2": "MEDIUM",
  "1": "LOW",
};

type CsvFormat = "shiproom" | "testrail";

export type CsvProblem = { row: number; column: string | null; message: string };

/** One case as a row gives it: its fields (the suite as a path of names) and what names it. */
export type CsvCase = {
  row: number;
  key: string | null;
  externalId: string | null;
  suitePath: string[];
  fields: Omit<CaseFields, "suiteId">;
};

export type CsvRead = {
  format: CsvFormat;
  rows: number;
  cases: CsvCase[];
  problems: CsvProblem[];
  ignoredColumns: string[];
  /** The fields (and "suite") the file has a column for; an update keeps a case's own value of the others. */
  present: Set<string>;
};

/** A file that cannot be read as CSV at all (not a row's problem): where, when known. */
export class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

const normal = (header: string) =>
  header
    .toLowerCase()
    .replace(/[^a-z0-9()]+/g, " ")
    .trim();

/** Which column of the row each known header is at; unknown headers are returned to be listed. */
function headerMap<C extends string>(header: string[], known: readonly C[]): { at: Map<C, number>; ignored: string[] } {
  const byNormal = new Map(known.map((name) => [normal(name), name]));
  // "Automation ID", "automation_id" and "automationId" are one column.
  byNormal.set("automationid", "Automation id" as C);
  byNormal.set("externalid", "External id" as C);
  const at = new Map<C, number>();
  const ignored: string[] = [];
  header.forEach((name, i) => {
    const column = byNormal.get(normal(name)) ?? byNormal.get(normal(name).replace(/ /g, ""));
    if (column && known.includes(column) && !at.has(column)) at.set(column, i);
    else if (name.trim()) ignored.push(name.trim());
  });
  return { at, ignored };
}

/** TestRail's own headers, ours absent: the file is a TestRail export. */
function formatOf(header: string[]): CsvFormat {
  const names = new Set(header.map(normal));
  if (names.has("key") || names.has("kind") || names.has("suite")) return "shiproom";
  return ["id", "section", "section hierarchy", "expected result", "steps (step)", "references", "type"].some((name) => names.has(name))
    ? "testrail"
    : "shiproom";
}

/** A spreadsheet's formula guard undone (an export writes '=x for =x, so that it cannot run there). */
const unguard = (value: string) => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

/**
 * Steps as text, a step a line: `step | expected`, a line without a bar being a step expecting
 * nothing said. A line that starts with a space or a tab continues the step above it (a step of
 * several lines), and a bar that is part of the step or of what it expects is written `\|`.
 */
export function stepsOfLines(text: string): { action: string; expected: string }[] {
  const steps: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    // A further line of a step: indented (two spaces, as an export writes it, or a tab); what is
    // indented beyond that is the step's own (a nested list in Markdown), kept.
    if (/^[ \t]/.test(line) && steps.length > 0) steps[steps.length - 1] += `\n${line.replace(/^(?: {1,2}|\t)/, "").trimEnd()}`;
    else if (line.trim()) steps.push(line.trim());
  }
  return steps.map((step) => {
    const bar = /(?<!\\)\|/.exec(step)?.index ?? -1;
    const action = (bar < 0 ? step : step.slice(0, bar)).replaceAll("\\|", "|").trim();
    return {
      action,
      expected:
        bar < 0
          ? ""
          : step
              .slice(bar + 1)
              .replaceAll("\\|", "|")
              .trim(),
    };
  });
}

/** The steps as stepsOfLines reads them back (a multi-line step's further lines indented by two spaces). */
export function linesOfSteps(steps: readonly { action: string; expected: string }[]): string {
  return steps
    .map((step) => {
      const [action, expected] = [step.action, step.expected].map((text) => text.replaceAll("|", "\\|"));
      return (expected ? `${action} | ${expected}` : action!).split("\n").join("\n  ");
    })
    .join("\n");
}

function numberedItems(text: string): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (!/^\s*1[.)]\s/.test(trimmed)) return [trimmed];
  return trimmed
    .split(/\r?\n(?=\s*\d+[.)]\s)/)
    .map((item) => item.replace(/^\s*\d+[.)]\s+/, "").trim())
    .filter(Boolean);
}

/** TestRail's Section Hierarchy ("Checkout > Payments") or Section; ours "Checkout / Payments". */
function pathOf(value: string, separator: RegExp): string[] {
  return value
    .split(separator)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** A TestRail type or reference as a tag: "Smoke & Sanity" → type:smoke-sanity. */
function tagOf(prefix: string, value: string): string {
  const slug = value
    .toLowerCase()
    .replace(/[^a-z0-9._:-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${prefix}${slug}`.slice(0, 40);
}

/** A case field's column in our CSV, named in a row's problem. */
export const SHIPROOM_COLUMNS: Record<string, string> = {
  title: "Title",
  preconditions: "Preconditions",
  steps: "Steps",
  priority: "Priority",
  tags: "Tags",
  kind: "Kind",
  automationId: "Automation id",
};

const FIELD_COLUMNS: Record<CsvFormat, Record<string, string>> = {
  shiproom: SHIPROOM_COLUMNS,
  testrail: {
    title: "Title",
    preconditions: "Preconditions",
    steps: "Steps",
    priority: "Priority",
    tags: "References",
    kind: "Type",
  },
};

/** A row read into a case's input; `invalid` when a column already had a problem (the rest is still checked, then dropped). */
type Draft = {
  row: number;
  key: string | null;
  externalId: string | null;
  suitePath: string[];
  input: Record<string, unknown>;
  invalid?: boolean;
};

class Reader {
  format: CsvFormat = "shiproom";
  header: string[] | null = null;
  at = new Map<string, number>();
  ignored: string[] = [];
  cases: CsvCase[] = [];
  problems: CsvProblem[] = [];
  rows = 0;
  private draft: Draft | null = null;

  private cell(record: string[], column: Column | TestRailColumn): string {
    const i = this.at.get(column);
    return i === undefined ? "" : unguard((record[i] ?? "").trim());
  }

  private problem(row: number, column: string | null, message: string) {
    // The column as this file names it.
    const i = column ? this.at.get(column) : undefined;
    this.problems.push({ row, column: i !== undefined ? this.header![i]!.trim() : column, message });
  }

  start(header: string[]) {
    this.header = header;
    this.format = formatOf(header);
    const { at, ignored } =
      this.format === "testrail" ? headerMap<string>(header, TESTRAIL_COLUMNS) : headerMap<string>(header, CSV_COLUMNS);
    this.at = at;
    this.ignored = ignored;
    if (!at.has("Title")) throw new CsvFileError(`The file has no Title column (its header reads: ${header.join(", ").slice(0, 200)})`, 1);
  }

  add(record: string[], row: number) {
    if (record.every((value) => !value.trim())) return;
    this.rows++;
    const nul = record.findIndex((value) => value.includes("\u0000"));
    if (nul >= 0) {
      this.problems.push({ row, column: this.header![nul]?.trim() || null, message: "Holds a NUL character: this is not text" });
      return;
    }
    if (this.format === "testrail") this.addTestRail(record, row);
    else this.finish(this.shiproomDraft(record, row));
  }

  private priority(row: number, column: string, value: string, map: Record<string, CasePriority>): CasePriority | undefined {
    if (!value) return undefined;
    const priority = map[value.toLowerCase()];
    if (!priority) {
      const allowed = this.format === "testrail" ? "Critical, High, Medium, Low" : PRIORITIES.join(", ");
      this.problem(row, column, `'${value.slice(0, 60)}' is not one of ${allowed}`);
    }
    return priority;
  }

  private shiproomDraft(record: string[], row: number): Draft {
    const ownPriorities = Object.fromEntries(PRIORITIES.map((p) => [p.toLowerCase(), p])) as Record<string, CasePriority>;
    const before = this.problems.length;
    const priority = this.priority(row, "Priority", this.cell(record, "Priority"), ownPriorities);
    const kindText = this.cell(record, "Kind").toUpperCase();
    const kindKnown = !kindText || kindText === "MANUAL" || kindText === "AUTOMATED";
    if (!kindKnown) this.problem(row, "Kind", `'${kindText.slice(0, 60)}' is not one of MANUAL, AUTOMATED`);
    const key = this.cell(record, "Key") || null;
    if (key && !/^[A-Za-z][A-Za-z0-9]*-\d{1,10}$/.test(key))
      this.problem(row, "Key", `'${key.slice(0, 60)}' is not a case key like CHK-12`);
    const externalId = this.cell(record, "External id") || null;
    if (externalId && externalId.length > 200) this.problem(row, "External id", "Use at most 200 characters");
    return {
      invalid: this.problems.length > before,
      row,
      key,
      externalId,
      suitePath: pathOf(this.cell(record, "Suite"), /\s+\/\s+|\s*›\s*/),
      input: {
        title: this.cell(record, "Title"),
        preconditions: this.cell(record, "Preconditions"),
        steps: stepsOfLines(this.cell(record, "Steps")),
        priority,
        kind: (kindKnown && kindText) || undefined,
        tags: this.cell(record, "Tags")
          .split(/[,;]/)
          .map((tag) => tag.trim())
          .filter(Boolean),
        automationId: this.cell(record, "Automation id"),
      },
    };
  }

  /** A TestRail row: a case, or (ID and Title empty) one more separated step of the case above it. */
  private addTestRail(record: string[], row: number) {
    const id = this.cell(record, "ID");
    const title = this.cell(record, "Title");
    const step = this.cell(record, "Steps (Step)");
    const expected = this.cell(record, "Steps (Expected Result)");
    const sameCase = id && this.draft?.externalId === `C${id.replace(/^c/i, "")}`;
    if (sameCase || (!id && !title && (step || expected))) {
      if (!step && !expected) return;
      if (!this.draft) this.problem(row, "Steps (Step)", "A step row with no case above it");
      else (this.draft.input.steps as { action: string; expected: string }[]).push({ action: step, expected });
      return;
    }
    this.finish(this.draft);
    this.draft = null;
    const before = this.problems.length;
    let externalId: string | null = null;
    if (id) {
      if (/^C?\d{1,12}$/i.test(id)) externalId = `C${id.replace(/^c/i, "")}`;
      else this.problem(row, "ID", `'${id.slice(0, 60)}' is not a TestRail case id like C1042`);
    }
    const priority = this.priority(row, "Priority", this.cell(record, "Priority"), TESTRAIL_PRIORITIES);
    const hierarchy = this.cell(record, "Section Hierarchy");
    const steps = this.at.has("Steps (Step)")
      ? zipSteps(numberedItems(step), numberedItems(expected))
      : zipSteps(
          this.cell(record, "Steps") ? [this.cell(record, "Steps")] : [],
          [this.cell(record, "Expected Result")].filter(Boolean),
          true,
        );
    const type = this.cell(record, "Type");
    const references = this.cell(record, "References")
      .split(/[,;\s]+/)
      .filter(Boolean);
    this.draft = {
      invalid: this.problems.length > before,
      row,
      key: null,
      externalId,
      suitePath: hierarchy ? pathOf(hierarchy, /\s*>\s*/) : pathOf(this.cell(record, "Section"), /\s*>\s*/),
      input: {
        title,
        preconditions: this.cell(record, "Preconditions"),
        steps,
        priority,
        kind: "MANUAL",
        tags: [...(type ? [tagOf("type:", type)] : []), ...references.map((ref) => tagOf("ref:", ref))],
      },
    };
  }

  /** Validates a draft with the very schema the API's create and edit use. */
  private finish(draft: Draft | null) {
    if (!draft) return;
    const parsed = caseInputSchema.safeParse(draft.input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues.slice(0, 5)) {
        const field = String(issue.path[0] ?? "title");
        const column = FIELD_COLUMNS[this.format][field] ?? null;
        const where = field === "steps" && typeof issue.path[1] === "number" ? `step ${issue.path[1] + 1}: ` : "";
        this.problem(draft.row, column, `${where}${issue.message}`);
      }
    }
    if (!parsed.success || draft.invalid) return;
    const { suiteId: _suiteId, ...fields } = parsed.data;
    this.cases.push({ row: draft.row, key: draft.key, externalId: draft.externalId, suitePath: draft.suitePath, fields });
  }

  end(): CsvRead {
    this.finish(this.draft);
    this.draft = null;
    if (!this.header) throw new CsvFileError("The file is empty: it needs a header row and a row a case", 1);
    const present = new Set(
      Object.entries(FIELD_COLUMNS[this.format])
        .filter(
          ([field, column]) =>
            this.at.has(column) || (field === "tags" && this.at.has("Type")) || (field === "steps" && this.at.has("Steps (Step)")),
        )
        .map(([field]) => field),
    );
    if (this.format === "testrail") present.add("kind");
    if (this.at.has("Suite") || this.at.has("Section") || this.at.has("Section Hierarchy")) present.add("suite");
    return { format: this.format, rows: this.rows, cases: this.cases, problems: this.problems, ignoredColumns: this.ignored, present };
  }
}

/** Steps paired with their expected results; a result without its step (TestRail's text template allows it) is checked by "Check". */
function zipSteps(actions: string[], expected: string[], lenient = false): { action: string; expected: string }[] {
  return Array.from({ length: Math.max(actions.length, expected.length) }, (_, i) => ({
    action: actions[i] ?? (lenient ? "Check" : ""),
    expected: expected[i] ?? "",
  }));
}

/** UTF-8 text of a byte stream, refusing other encodings (with the line they fail on) and too much. */
async function* utf8(body: AsyncIterable<Uint8Array | string> | Iterable<string>, maxBytes: number): AsyncGenerator<string> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let bytes = 0;
  let lines = 1;
  for await (const chunk of body) {
    if (typeof chunk === "string") {
      yield chunk;
      continue;
    }
    bytes += chunk.byteLength;
    if (bytes > maxBytes) throw new CsvFileError(`The file is larger than ${maxBytes / 1024 / 1024} MB: split it`);
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      // The line of the first byte that is not UTF-8, within this chunk.
      const readable = new TextDecoder("utf-8").decode(chunk);
      const at = lines + (readable.slice(0, Math.max(0, readable.indexOf("\uFFFD"))).match(/\n/g)?.length ?? 0);
      throw new CsvFileError(`The file is not UTF-8 text (line ${at}): save it as "CSV UTF-8"`, at);
    }
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
    yield text;
  }
  try {
    const rest = decoder.decode();
    if (rest) yield rest;
  } catch {
    throw new CsvFileError(`The file is not UTF-8 text (line ${lines}): save it as "CSV UTF-8"`, lines);
  }
}

/** Reads a CSV of cases (ours or TestRail's) a row at a time; the file's own faults throw CsvFileError. */
export async function readCasesCsv(body: AsyncIterable<Uint8Array | string> | string, limits = CSV_LIMITS): Promise<CsvRead> {
  const source = Readable.from(utf8(typeof body === "string" ? [body] : body, limits.bytes));
  const parser = source.pipe(
    parse({ bom: true, relax_column_count: true, info: true, skip_empty_lines: true, max_record_size: 1_000_000 }),
  );
  source.on("error", (error) => parser.destroy(error));
  const reader = new Reader();
  let record = 0;
  try {
    for await (const { record: cells, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      record++;
      if (record === 1) reader.start(cells);
      else {
        if (record - 1 > limits.rows) throw new CsvFileError(`The file has more than ${limits.rows} rows: split it`, info.lines);
        reader.add(cells, record);
      }
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    if (error instanceof CsvError) {
      // csv-parse's own words ("Invalid Opening Quote: a quote is found on field 0 at line 1, …"), and its line.
      const lines = typeof error.lines === "number" ? error.lines : undefined;
      throw new CsvFileError(`Not a readable CSV: ${error.message.slice(0, 200)}`, lines);
    }
    throw error;
  }
  return reader.end();
}
