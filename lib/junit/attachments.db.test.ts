import { createHash, randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { listResultAttachments, openAttachment } from "@/lib/attachments/store";
import { MAX_ATTACHMENT_BYTES } from "@/lib/attachments/limits";
import { db } from "@/lib/db/client";
import type { FilePart } from "@/lib/http/multipart";
import { createRelease } from "@/lib/releases/mutations";
import { createCase } from "@/lib/test-cases/mutations";
import { createRun } from "@/lib/test-runs/mutations";
import { getRun } from "@/lib/test-runs/queries";
import { makeActor, makePipeline, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { importJunit, uploadResults } from "./import";

setupTestDatabase();

/** A 1×1 PNG. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const LOG = Buffer.from("GET /checkout 500\nstack: PaymentDeclined\n");

async function* bytes(buffer: Buffer, part = 70_001) {
  for (let at = 0; at < buffer.length; at += part) yield new Uint8Array(buffer.subarray(at, at + part));
}
async function* parts(files: [string, Buffer][]): AsyncGenerator<FilePart> {
  for (const [fileName, body] of files) yield { field: "attachment", fileName, body: bytes(body) };
}

const REPORT = `<?xml version="1.0"?>
<testsuites><testsuite name="checkout">
  <testcase classname="checkout" name="pays by card">
    <failure message="declined">PaymentDeclined</failure>
    <system-out>[[ATTACHMENT|/ci/build/test-results/pays/shot.png]]
[[ATTACHMENT|./logs/pays.log]]</system-out>
  </testcase>
  <testcase classname="checkout" name="shows the receipt">
    <properties><property name="attachment" value="/ci/build/test-results/pays/shot.png"/></properties>
  </testcase>
  <testcase classname="checkout" name="sends the email">
    <failure message="timeout"/>
    <system-err>[[ATTACHMENT|screens/email.png]]</system-err>
  </testcase>
</testsuite></testsuites>`;

async function project() {
  const pipeline = await makePipeline();
  const dev = await makeActor(["DEVELOPER"]);
  const version = unique("v");
  await createRelease(dev, pipeline.slug, { version, commitSha: "abcdef1234" });
  const token = await makeActor(["QA"]);
  const send = (files: [string, Buffer][] | null, report = REPORT) =>
    uploadResults(
      token,
      pipeline.slug,
      { release: version, environment: "staging" },
      { body: bytes(Buffer.from(report)), fileName: "junit.xml", ...(files ? { files: parts(files) } : {}) },
    );
  return { ...pipeline, dev, token, version, send };
}

async function attachmentsOf(runId: string, title: string) {
  const result = (await getRun(runId)).results.find((r) => r.title.toLowerCase() === title);
  if (!result) throw new Error(`no result ${title}`);
  return listResultAttachments(runId, result.id);
}

async function readBack(id: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of (await openAttachment(id)).body as unknown as AsyncIterable<Uint8Array>) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

const sha256 = (buffer: Buffer) => createHash("sha256").update(buffer).digest("hex");
const leftovers = (projectId: string) => db().attachment.count({ where: { projectId, storedAt: null } });

describe("the files a JUnit report names, uploaded with it", () => {
  test("go to the results of the tests that name them, by their path or its end; one named by two tests goes to both", async () => {
    const { send, projectId } = await project();
    const summary = await send([
      ["shot.png", PNG],
      ["logs/pays.log", LOG],
      ["unrelated.txt", Buffer.from("not named")],
    ]);
    expect(summary).toMatchObject({ tests: 3, failed: 2, attachments: 3 });
    expect(summary.warnings).toEqual([
      expect.objectContaining({ code: "attachment-not-uploaded", count: 1, examples: ["screens/email.png"] }),
      expect.objectContaining({ code: "attachment-not-named", count: 1, examples: ["unrelated.txt"] }),
    ]);

    const pays = await attachmentsOf(summary.run.id, "pays by card");
    expect(pays.items.map((a) => [a.fileName, a.contentType, a.bytes, a.inline])).toEqual([
      ["shot.png", "image/png", PNG.length, true],
      ["pays.log", "application/octet-stream", LOG.length, false],
    ]);
    expect(await readBack(pays.items[0]!.id)).toEqual(PNG);
    expect(await readBack(pays.items[1]!.id)).toEqual(LOG);
    expect(pays.items[1]!.sha256).toBe(sha256(LOG));
    expect(pays.history.map((h) => [h.action, h.fileName])).toEqual([
      ["attached", "shot.png"],
      ["attached", "pays.log"],
    ]);

    // The second test's copy is its own: removing one leaves the other.
    const receipt = await attachmentsOf(summary.run.id, "shows the receipt");
    expect(receipt.items.map((a) => a.fileName)).toEqual(["shot.png"]);
    expect(receipt.items[0]!.id).not.toBe(pays.items[0]!.id);
    expect(await readBack(receipt.items[0]!.id)).toEqual(PNG);

    expect((await attachmentsOf(summary.run.id, "sends the email")).items).toEqual([]);
    // Nothing unlisted is left behind (the file no test names was never stored).
    expect(await leftovers(projectId)).toBe(0);
    expect(await db().attachment.count({ where: { projectId } })).toBe(3);
  }, 60_000);

  test("the report sent again with its files attaches them once; the same files again add nothing", async () => {
    const { send } = await project();
    const bare = await send(null);
    expect(bare.attachments).toBe(0);
    expect(bare.warnings).toEqual([expect.objectContaining({ code: "attachment-not-uploaded", count: 3 })]);

    const files: [string, Buffer][] = [
      ["/ci/build/test-results/pays/shot.png", PNG],
      ["logs/pays.log", LOG],
      ["screens/email.png", PNG],
    ];
    const again = await send(files);
    expect(again).toMatchObject({ duplicate: true, attachments: 4, warnings: [] });
    const twice = await send(files);
    expect(twice).toMatchObject({ duplicate: true, attachments: 0 });
    expect((await attachmentsOf(again.run.id, "pays by card")).items).toHaveLength(2);
    expect((await attachmentsOf(again.run.id, "sends the email")).items).toHaveLength(1);
    // The run page lists the one import, now with the files it stored and without the warning
    // that they were not uploaded.
    const { imports } = await getRun(again.run.id);
    expect(imports.map((imported) => [imported.summary.attachments, imported.summary.warnings])).toEqual([[4, []]]);
    // The same report again with a file no test names: this upload's answer says so, and stores nothing.
    const stray = await send([["logs/extra.log", LOG]]);
    expect(stray).toMatchObject({ duplicate: true, attachments: 0 });
    expect(stray.warnings).toContainEqual(expect.objectContaining({ code: "attachment-not-named", count: 1 }));
  }, 60_000);

  test("a file over 20 MB refuses the whole upload: no run, no result, no attachment", async () => {
    const { send, projectId } = await project();
    await expect(
      send([
        ["shot.png", PNG],
        ["logs/pays.log", randomBytes(MAX_ATTACHMENT_BYTES + 1)],
      ]),
    ).rejects.toMatchObject({ status: 413, message: "pays.log: An attachment holds at most 20 MB." });
    expect(await db().attachment.count({ where: { projectId } })).toBe(0);
    expect(await db().testRun.count({ where: { projectId } })).toBe(0);
  }, 120_000);

  test("a refused report stores none of its files", async () => {
    const { send, projectId } = await project();
    await expect(send([["shot.png", PNG]], REPORT.replace("</testsuites>", ""))).rejects.toMatchObject({ status: 422 });
    expect(await db().attachment.count({ where: { projectId } })).toBe(0);
  });

  test("into a run by its id (POST /runs/:id/junit) too", async () => {
    const { token, slug, version } = await project();
    await createCase(token, slug, { title: "Pays by wallet" });
    const run = await createRun(token, slug, { release: version, environment: "staging", all: true });
    const summary = await importJunit(token, run.id, {
      body: bytes(Buffer.from(REPORT)),
      fileName: "junit.xml",
      files: parts([["screens/email.png", PNG]]),
    });
    expect(summary.attachments).toBe(1);
    expect((await attachmentsOf(run.id, "sends the email")).items.map((a) => a.fileName)).toEqual(["email.png"]);
  });

  test("a later report without its files says only of those its tests' results do not hold already that they were not uploaded", async () => {
    const { token, slug, version } = await project();
    await createCase(token, slug, { title: "Pays by wallet" });
    const run = await createRun(token, slug, { release: version, environment: "staging", all: true });
    const upload = (report: string, files: [string, Buffer][] | null) =>
      importJunit(token, run.id, { body: bytes(Buffer.from(report)), fileName: "junit.xml", ...(files ? { files: parts(files) } : {}) });
    await upload(REPORT, [
      ["shot.png", PNG],
      ["logs/pays.log", LOG],
    ]);
    // The rerun's report names the same paths (one written another way) and one more; its files stay behind.
    const rerun = REPORT.replace('name="sends the email">', 'name="sends the email" time="2.5">')
      .replace("./logs/pays.log", "logs\\pays.log")
      .replace("[[ATTACHMENT|screens/email.png]]", "[[ATTACHMENT|screens/email.png]] [[ATTACHMENT|screens/retry.png]]");
    const summary = await upload(rerun, null);
    expect(summary.warnings).toEqual([
      expect.objectContaining({ code: "attachment-not-uploaded", count: 2, examples: ["screens/email.png", "screens/retry.png"] }),
    ]);
    // A file of the same name on one of two results naming it is not enough: the other lacks it.
    const receipt = (await getRun(run.id)).results.find((r) => r.title.toLowerCase() === "shows the receipt")!;
    await db().attachment.deleteMany({ where: { resultId: receipt.id } });
    const third = await upload(rerun.replace('time="2.5"', 'time="3.5"'), null);
    expect(third.warnings[0]).toMatchObject({ code: "attachment-not-uploaded", count: 3 });
    expect(third.warnings[0]!.examples).toContain("/ci/build/test-results/pays/shot.png");
  });
});
