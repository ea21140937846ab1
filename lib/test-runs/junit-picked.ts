// What the run page's Upload JUnit sends for the files a person picked at once: each JUnit report,
// with the picked files it names (a screenshot, a log) sent in the same multipart request after it,
// as the API's and the CLI's uploads send them. The server matches each file to the tests that name
// it (lib/junit/attachments.ts); this only decides which request carries which file.

/** A picked file: its name, and for an XML file its text (null for any other). */
type Picked<F> = { file: F; name: string; text: string | null };

/** Reports with the files each names, and the files no picked report names (not sent: nothing would hold them). */
export type JunitUploadPlan<F> = { uploads: { report: F; files: F[] }[]; unnamed: F[] };

/** Whether `text` names `fileName` as a whole name (`shot.png` in `[[ATTACHMENT|out/shot.png]]`, not in `myshot.png`). */
function names(text: string, fileName: string): boolean {
  const escaped = fileName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\w.-])${escaped}(?![\\w-]|\\.\\w)`).test(text);
}

/**
 * Splits picked files into uploads. An XML file is a report unless another picked report names it
 * (then it is an attachment, like any other file); every other file goes with each report that
 * names it, and one no report names is listed in `unnamed`.
 */
export function planJunitUploads<F>(picked: Picked<F>[]): JunitUploadPlan<F> {
  const xml = picked.filter((p) => p.text !== null);
  const reports = xml.filter((p) => !xml.some((other) => other !== p && names(other.text!, p.name)));
  const files = picked.filter((p) => !reports.includes(p));
  return {
    uploads: reports.map((report) => ({ report: report.file, files: files.filter((f) => names(report.text!, f.name)).map((f) => f.file) })),
    unnamed: files.filter((f) => !reports.some((report) => names(report.text!, f.name))).map((f) => f.file),
  };
}

/** Whether a picked file is read as a JUnit report candidate: XML by its name or its type. */
export const isXmlFile = (file: { name: string; type: string }) => /\.xml$/i.test(file.name) || /[/+]xml$/.test(file.type);
