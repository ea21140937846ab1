// Attachments over HTTP: a screenshot and a log on a failed result, a file on a test case; what
// each download answers (inline only for PNG/JPEG/GIF/WebP, nosniff always, SVG as a download);
// the size limit; removal by the uploader or an admin, recorded in the result's history.
import { createHash, randomBytes } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, newProject, test } from "../fixtures";

type Attachment = { id: string; fileName: string; contentType: string; inline: boolean; bytes: number; sha256: string; url: string };
type Listed = { items: Attachment[]; history: { action: string; fileName: string; by: string }[] };

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script></svg>');

const send = (api: APIRequestContext, path: string, data: Buffer, fileName?: string) =>
  api.post(path, {
    headers: { "content-type": "application/octet-stream", ...(fileName ? { "x-file-name": encodeURIComponent(fileName) } : {}) },
    data,
  });

test("a failed result's screenshot shows inline, its log and an SVG download, and removal leaves its history", async ({ as }) => {
  const admin = await as("admin");
  const [qa, dev] = [await as("qa"), await as("dev")];
  const { slug } = await newProject(admin, "attach-");
  const made = await admin.post(`/api/v1/projects/${slug}/cases`, { data: { title: "Card payment" } });
  const { key } = (await made.json()) as { key: string };
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.0.0", commitSha: "abcdef1" } })).status()).toBe(201);
  const created = await qa.post(`/api/v1/projects/${slug}/runs`, { data: { release: "v1.0.0", environment: "staging", all: true } });
  const run = (await (await qa.get(`/api/v1/runs/${((await created.json()) as { id: string }).id}`)).json()) as {
    id: string;
    results: { id: string }[];
  };
  const result = `/api/v1/runs/${run.id}/results/${run.results[0]!.id}`;
  expect((await qa.put(result, { data: { status: "FAILED", note: "Card declined" } })).status()).toBe(200);

  // A PNG named .txt is a PNG: shown inline, as an image, never sniffed.
  const shot = await send(qa, `${result}/attachments`, PNG, "checkout screen.txt");
  expect(shot.status()).toBe(201);
  const screenshot = (await shot.json()) as Attachment;
  expect(screenshot).toMatchObject({ contentType: "image/png", inline: true, bytes: PNG.length });
  const image = await dev.get(screenshot.url);
  expect(image.status()).toBe(200);
  expect(image.headers()).toMatchObject({
    "content-type": "image/png",
    "x-content-type-options": "nosniff",
    "content-disposition": 'inline; filename="checkout screen.txt"',
  });
  expect(Buffer.from(await image.body()).equals(PNG)).toBe(true);

  // An SVG (it can hold script) and a log named .png download as files of no particular type.
  for (const [bytes, name] of [
    [SVG, "logo.svg"],
    [Buffer.from("GET /checkout 500\n"), "server.png"],
  ] as const) {
    const uploaded = (await (await send(qa, `${result}/attachments`, bytes, name)).json()) as Attachment;
    expect(uploaded.inline).toBe(false);
    const download = await dev.get(uploaded.url);
    expect(download.headers()).toMatchObject({
      "content-type": "application/octet-stream",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="${name}"`,
    });
    expect(
      createHash("sha256")
        .update(await download.body())
        .digest("hex"),
    ).toBe(uploaded.sha256);
  }
  // A name outside ASCII is kept, and sent in the RFC 6266 form too.
  const unicode = (await (await send(qa, `${result}/attachments`, Buffer.from("ok\n"), "Übersicht.log")).json()) as Attachment;
  expect(unicode.fileName).toBe("Übersicht.log");
  expect((await dev.get(unicode.url)).headers()["content-disposition"]).toBe(
    `attachment; filename="_bersicht.log"; filename*=UTF-8''%C3%9Cbersicht.log`,
  );

  // Refused with a clear message: too large (by its declared size), no name, no such result.
  const huge = await send(qa, `${result}/attachments`, Buffer.alloc(20 * 1024 * 1024 + 1), "huge.bin");
  expect(huge.status()).toBe(413);
  expect(huge.headers()["content-type"]).toContain("application/problem+json");
  expect(((await huge.json()) as { detail: string }).detail).toBe("An attachment holds at most 20 MB.");
  const unnamed = await send(qa, `${result}/attachments`, PNG);
  expect(unnamed.status()).toBe(422);
  expect(((await unnamed.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("fileName");

  // On the test case too.
  const onCase = await send(dev, `/api/v1/projects/${slug}/cases/${key}/attachments`, PNG, "expected.png");
  expect(onCase.status()).toBe(201);
  const caseList = (await (await qa.get(`/api/v1/projects/${slug}/cases/${key}/attachments`)).json()) as Listed;
  expect(caseList.items.map((a) => a.fileName)).toEqual(["expected.png"]);

  // Removal: not by another member; by its uploader; then gone.
  expect((await dev.delete(screenshot.url)).status()).toBe(403);
  expect((await qa.delete(screenshot.url)).status()).toBe(200);
  expect((await dev.get(screenshot.url)).status()).toBe(404);
  expect((await qa.delete(screenshot.url)).status()).toBe(404);
  const listed = (await (await dev.get(`${result}/attachments`)).json()) as Listed;
  expect(listed.items.map((a) => a.fileName)).toEqual(["logo.svg", "server.png", "Übersicht.log"]);
  expect(listed.history.map((e) => `${e.action} ${e.fileName} by ${e.by}`)).toEqual([
    "attached checkout screen.txt by Quinn QA",
    "attached logo.svg by Quinn QA",
    "attached server.png by Quinn QA",
    "attached Übersicht.log by Quinn QA",
    "removed checkout screen.txt by Quinn QA",
  ]);
});

test("a 12 MB file streams through to the route whole (no proxy buffers it) and back byte for byte", async ({ as }) => {
  const admin = await as("admin");
  const qa = await as("qa");
  const { slug } = await newProject(admin, "attach-big-");
  const made = (await (await admin.post(`/api/v1/projects/${slug}/cases`, { data: { title: "Export" } })).json()) as { key: string };
  const big = randomBytes(12 * 1024 * 1024);
  const stored = await send(qa, `/api/v1/projects/${slug}/cases/${made.key}/attachments`, big, "trace.bin");
  expect(stored.status()).toBe(201);
  const attachment = (await stored.json()) as Attachment;
  expect(attachment).toMatchObject({ bytes: big.length, sha256: createHash("sha256").update(big).digest("hex") });
  const back = await qa.get(attachment.url);
  expect(
    createHash("sha256")
      .update(await back.body())
      .digest("hex"),
  ).toBe(attachment.sha256);
});
