// A JUnit report with the files its tests name, in one multipart/form-data request (the report
// first, then its files) on both upload routes: the screenshot on the failed result, downloaded
// back byte for byte; the limits (20 MB a file, 100 MB in all, by the declared length before
// reading); a form field instead of a file; nothing stored by a refused upload.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { E2E_PORT } from "../playwright.config";
import { expect, newProject, newToken, test } from "../fixtures";

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const base = `http://localhost:${E2E_PORT}/api/v1`;

const report = (version: string) => `<testsuites><testsuite name="checkout">
  <testcase classname="checkout" name="pays by card ${version}">
    <failure message="declined">PaymentDeclined</failure>
    <system-out>[[ATTACHMENT|/home/runner/work/shop/test-results/pays/test-failed-1.png]]</system-out>
  </testcase>
  <testcase classname="checkout" name="writes the log ${version}">
    <properties><property name="attachment" value="logs/checkout.log"/></properties>
  </testcase>
</testsuite></testsuites>`;

type Summary = { tests: number; attachments: number; warnings: { code: string; count: number }[]; run: { id: string } };
type Run = { results: { id: string; title: string }[] };
type Listed = { items: { fileName: string; contentType: string; inline: boolean; url: string; bytes: number }[] };

function form(xml: string, files: [string, Buffer][]): FormData {
  const body = new FormData();
  body.append("report", new Blob([xml], { type: "application/xml" }), "junit.xml");
  for (const [name, bytes] of files) body.append("attachment", new Blob([new Uint8Array(bytes)]), name);
  return body;
}

test("a report with its screenshot and log in one multipart upload, on both routes; refusals store nothing", async ({ as }) => {
  test.setTimeout(120_000);
  const admin = await as("admin");
  const dev = await as("dev");
  const project = await newProject(admin, "junit-files-");
  const token = await newToken(admin, project.slug, ["read", "results:write"]);
  const auth = { authorization: `Bearer ${token}` };
  for (const version of ["v1", "v2"])
    expect((await dev.post(`/api/v1/projects/${project.slug}/releases`, { data: { version, commitSha: "abcdef1" } })).status()).toBe(201);
  const log = Buffer.from("GET /checkout 500\n");
  const post = (path: string, body: FormData | string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: "POST", headers: { ...auth, ...headers }, body });
  const uploadTo = (version: string) => `/projects/${project.slug}/results?release=${version}&environment=staging`;

  const answer = await post(
    uploadTo("v1"),
    form(report("v1"), [
      ["test-results/pays/test-failed-1.png", PNG],
      ["checkout.log", log],
      ["trace.zip", Buffer.from("PK")],
    ]),
  );
  expect(answer.status).toBe(200);
  const summary = (await answer.json()) as Summary;
  expect(summary).toMatchObject({ tests: 2, attachments: 2, warnings: [{ code: "attachment-not-named", count: 1 }] });

  const run = (await (await fetch(`${base}/runs/${summary.run.id}`, { headers: auth })).json()) as Run;
  const listOf = async (title: string) => {
    const result = run.results.find((r) => r.title.toLowerCase().startsWith(title))!;
    return (await (await fetch(`${base}/runs/${summary.run.id}/results/${result.id}/attachments`, { headers: auth })).json()) as Listed;
  };
  const shots = await listOf("pays by card");
  expect(shots.items.map((a) => [a.fileName, a.contentType, a.inline])).toEqual([["test-failed-1.png", "image/png", true]]);
  const image = await dev.get(shots.items[0]!.url);
  expect(image.headers()["content-type"]).toBe("image/png");
  expect(image.headers()["x-content-type-options"]).toBe("nosniff");
  expect(Buffer.from(await image.body())).toEqual(PNG);
  expect((await listOf("writes the log")).items.map((a) => [a.fileName, a.bytes])).toEqual([["checkout.log", log.length]]);

  // Into a run by its id: the same report again now adds nothing (the same files are on the same results).
  const byId = await post(`/runs/${summary.run.id}/junit`, form(report("v1"), [["test-results/pays/test-failed-1.png", PNG]]));
  expect(byId.status).toBe(200);
  expect(await byId.json()).toMatchObject({ duplicate: true, attachments: 0 });

  // A file over 20 MB: 413 naming it, and no run made for v2.
  const large = await post(uploadTo("v2"), form(report("v2"), [["checkout.log", randomBytes(20 * 1024 * 1024 + 1)]]));
  expect(large.status).toBe(413);
  expect(large.headers.get("content-type")).toContain("application/problem+json");
  expect(((await large.json()) as { detail: string }).detail).toBe("checkout.log: An attachment holds at most 20 MB.");

  // A form field where a file belongs.
  const field = new FormData();
  field.append("report", report("v2"));
  const plain = await post(uploadTo("v2"), field);
  expect(plain.status).toBe(400);
  expect(((await plain.json()) as { detail: string }).detail).toContain('The part "report" is a form field, not a file');
  // …after the report too: said as it is, not as the report's XML.
  const after = form(report("v2"), []);
  after.append("attachment", "hello");
  const fieldAfter = await post(uploadTo("v2"), after);
  expect(fieldAfter.status).toBe(400);
  expect(((await fieldAfter.json()) as { detail: string }).detail).toMatch(/^The part "attachment" is a form field, not a file/);
  // A file before the report: the answer says the report comes first.
  const backwards = new FormData();
  backwards.append("attachment", new Blob([new Uint8Array(PNG)]), "shot.png");
  backwards.append("report", new Blob([report("v2")], { type: "application/xml" }), "junit.xml");
  const fileFirst = await post(uploadTo("v2"), backwards);
  expect(fileFirst.status).toBe(400);
  expect(((await fileFirst.json()) as { detail: string }).detail).toContain('The first part is "attachment"');

  // Over 100 MB declared: refused before the body is read.
  const declared = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(`${base}${uploadTo("v2")}`, {
      method: "POST",
      headers: { ...auth, "content-type": "multipart/form-data; boundary=x", "content-length": String(100 * 1024 * 1024 + 1) },
    });
    request.on("response", (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, body }));
    });
    request.on("error", reject);
    request.write("--x\r\n");
  });
  expect(declared.status).toBe(413);
  expect(JSON.parse(declared.body)).toMatchObject({ detail: "A report with its attachments holds at most 100 MB in all." });

  // v1's run only: none of the refused uploads made one for v2.
  expect((await (await fetch(`${base}/projects/${project.slug}/runs`, { headers: auth })).json()) as unknown[]).toHaveLength(1);
});
