// What an import stored differently from what the report said, told in its summary. Relative
// imports only: the CLI prints these too.
import { plural } from "../format/plural";

export const WARNING_CODES = [
  "duration-dropped",
  "unknown-case",
  "attachment-left-out",
  "attachment-not-uploaded",
  "attachment-not-named",
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export type ImportWarning = { code: WarningCode; count: number; message: string; examples: string[] };

const EXAMPLES = 5;

const headlines: Record<WarningCode, (count: number) => string> = {
  "duration-dropped": (n) => `${plural(n, "duration")} dropped, stored without a duration`,
  "unknown-case": (n) =>
    `${n} case ${n === 1 ? "reference names" : "references name"} no case of this project, matched by automation id instead`,
  "attachment-left-out": (n) => `${plural(n, "attachment")} the report names left out`,
  "attachment-not-uploaded": (n) =>
    `${plural(n, "file")} the report names as ${n === 1 ? "an attachment was" : "attachments were"} not uploaded with it (send them in the same multipart request, or use shiproom results upload --attachments DIR)`,
  "attachment-not-named": (n) => `${plural(n, "uploaded file")} no test names, not stored`,
};

export function headlineOf(code: WarningCode, count: number): string {
  return headlines[code](count);
}

/** Warnings of one import, counted per kind with the first few examples (a report may hold 100,000 of one kind). */
export class Warnings {
  private readonly byCode = new Map<WarningCode, { count: number; examples: string[] }>();

  add(code: WarningCode, example: string): void {
    const entry = this.byCode.get(code) ?? { count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < EXAMPLES) entry.examples.push(example);
    this.byCode.set(code, entry);
  }

  /** `count` of one kind at once, with the first few of them. */
  addCounted(code: WarningCode, count: number, examples: string[]): void {
    const entry = this.byCode.get(code) ?? { count: 0, examples: [] };
    entry.count += count;
    entry.examples.push(...examples.slice(0, EXAMPLES - entry.examples.length));
    this.byCode.set(code, entry);
  }

  count(code: WarningCode): number {
    return this.byCode.get(code)?.count ?? 0;
  }

  list(): ImportWarning[] {
    return WARNING_CODES.filter((code) => this.byCode.has(code)).map((code) => {
      const { count, examples } = this.byCode.get(code)!;
      const more = count > examples.length ? `; and ${count - examples.length} more` : "";
      return { code, count, message: `${headlineOf(code, count)}: ${examples.join("; ")}${more}`, examples };
    });
  }
}
