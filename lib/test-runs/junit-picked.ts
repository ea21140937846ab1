// What the run page's Upload JUnit sends for the files a person picked at once: each JUnit report,
// with the picked files it names (a screenshot, a log) sent in the same multipart request after it,
// as the API's and the CLI's uploads send them. A report names a file by the rule the server
// matches files by (lib/junit/file-match.ts), read from the paths its tests name as attachments
// (the same reader the server and the CLI use), so what is sent is what the server keeps.
import { NamedPaths } from "../junit/file-match";
import { JUNIT_LIMITS, parseJunit } from "../junit/parse";

/** A picked file: its name, and for an XML file the paths its tests name (null for any other file). */
type Picked<F> = { file: F; name: string; named: string[] | null };

/** Reports with the files each names, and the files no picked report names (not sent: nothing would hold them). */
export type JunitUploadPlan<F> = { uploads: { report: F; files: F[] }[]; unnamed: F[] };

/**
 * The paths a report's tests name as attachments (`[[ATTACHMENT|path]]`, an `attachment`
 * property); none for a file the reader refuses (the server then says why, on upload).
 */
export async function namedByReport(text: string): Promise<string[]> {
  const named = new Set<string>();
  try {
    await parseJunit(text, JUNIT_LIMITS, async (cases) => {
      for (const test of cases) for (const path of test.attachments) named.add(path);
    });
  } catch {
    return [];
  }
  return [...named];
}

/**
 * Splits picked files into uploads. An XML file is a report unless another picked report names it
 * (then it is an attachment, like any other file); every other file goes with each report that
 * names it, and one no report names (or that ends several of its paths) is listed in `unnamed`.
 */
export function planJunitUploads<F>(picked: Picked<F>[]): JunitUploadPlan<F> {
  const xml = picked.filter((p) => p.named !== null).map((p) => ({ ...p, paths: new NamedPaths(p.named!) }));
  const names = (report: (typeof xml)[number], file: Picked<F>) => report.paths.match(file.name).path !== null;
  const reports = xml.filter((p) => !xml.some((other) => other !== p && names(other, p)));
  const files = picked.filter((p) => !reports.some((report) => report.file === p.file));
  return {
    uploads: reports.map((report) => ({ report: report.file, files: files.filter((f) => names(report, f)).map((f) => f.file) })),
    unnamed: files.filter((f) => !reports.some((report) => names(report, f))).map((f) => f.file),
  };
}

/** Whether a picked file is read as a JUnit report candidate: XML by its name or its type. */
export const isXmlFile = (file: { name: string; type: string }) => /\.xml$/i.test(file.name) || /[/+]xml$/.test(file.type);
