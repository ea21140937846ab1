import fs from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import path from "node:path";
import { expect, test, unique } from "../fixtures";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "..", "..", "lib", "junit", "fixtures", name));

async function runFor(as: (role: "admin" | "dev" | "qa") => Promise<APIRequestContext>) {
  const [admin, dev, qa] = [await as("admin"), await as("dev"), await as("qa")];
  const slug = unique("junit-");
  await admin.post("/api/v1/projects", { data: { name: slug, slug, key: unique("J").toUpperCase() } });
  await qa.post(`/api/v1/projects/${slug}/cases`, { data: { title: "Manual smoke", tags: ["smoke"] } });
  await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1", commitSha: "abcdef1" } });
  const run = (await (
    await qa.post(`/api/v1/projects/${slug}/runs`, { data: { release: "v1", environment: "staging", all: true } })
  ).json()) as { id: string };
  return { qa, run, slug };
}

test.describe("JUnit upload over HTTP", () => {
  test("a report over 10 MB arrives whole, on both upload routes (no layer in front cuts the body short)", async ({ as }) => {
    const { qa, run, slug } = await runFor(as);
    // 240 tests with 50 KB of output each: about 12 MB.
    const output = "x".repeat(50 * 1024);
    const report = (prefix: string) =>
      `<testsuite name="big">${Array.from({ length: 240 }, (_, i) => `<testcase classname="big.${prefix}" name="test_${i}"><system-out>${output}</system-out></testcase>`).join("")}</testsuite>`;
    const direct = report("Direct");
    expect(direct.length).toBeGreaterThan(11 * 1024 * 1024);
    const attached = await qa.post(`/api/v1/runs/${run.id}/junit`, { headers: { "content-type": "application/xml" }, data: direct });
    expect(attached.status()).toBe(200);
    expect(await attached.json()).toMatchObject({ tests: 240, created: 240 });
    const uploaded = await qa.post(`/api/v1/projects/${slug}/results?release=v1&environment=staging`, {
      headers: { "content-type": "application/xml" },
      data: report("Upload"),
    });
    expect(uploaded.status()).toBe(200);
    expect(await uploaded.json()).toMatchObject({ tests: 240, created: 240 });
  });

  test("a report attaches once: the same file again changes nothing", async ({ as }) => {
    const { qa, run } = await runFor(as);
    const send = () =>
      qa.post(`/api/v1/runs/${run.id}/junit`, {
        headers: { "content-type": "application/xml", "x-file-name": "TEST-com.shop.cart.CartTest.xml" },
        data: fixture("surefire.xml"),
      });
    const first = await send();
    expect(first.status()).toBe(200);
    expect(await first.json()).toMatchObject({
      tests: 6,
      passed: 2,
      failed: 2,
      errors: 1,
      skipped: 1,
      flaky: 1,
      created: 6,
      duplicate: false,
    });
    expect(await (await send()).json()).toMatchObject({ duplicate: true });
    const detail = (await (await qa.get(`/api/v1/runs/${run.id}`)).json()) as { total: number; imports: unknown[] };
    expect(detail).toMatchObject({ total: 7 });
    expect(detail.imports).toHaveLength(1);
  });

  test("hostile and broken reports are refused with the reason, and store nothing", async ({ as }) => {
    const { qa, run } = await runFor(as);
    const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
      qa.post(`/api/v1/runs/${run.id}/junit`, {
        headers: { "content-type": "application/xml", ...headers },
        data: typeof body === "string" ? Buffer.from(body) : body,
      });
    const xxe = await post(
      `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><testsuites><testsuite name="a"><testcase name="&x;"/></testsuite></testsuites>`,
    );
    expect(xxe.status()).toBe(422);
    expect(await xxe.json()).toMatchObject({ errors: [{ field: "file", message: expect.stringMatching(/DOCTYPE is not allowed/) }] });
    const broken = await post(`<testsuites>\n<testsuite name="a">\n<testcase name="b">\n</testsuites>`);
    expect(((await broken.json()) as { detail: string }).detail).toMatch(/malformed XML at line 4/);
    expect((await post(Buffer.alloc(0))).status()).toBe(422);
    const huge = await qa.post(`/api/v1/runs/${run.id}/junit`, {
      headers: { "content-type": "application/xml" },
      data: Buffer.alloc(51 * 1024 * 1024, 32),
    });
    expect(huge.status()).toBe(413);
    const detail = (await (await qa.get(`/api/v1/runs/${run.id}`)).json()) as { total: number; imports: unknown[] };
    expect(detail).toMatchObject({ total: 1, imports: [] });
  });

  test("signed out: 401; an unknown run: 404", async ({ anonymous, as }) => {
    expect(
      (await anonymous.post("/api/v1/runs/00000000-0000-7000-8000-000000000000/junit", { data: fixture("vitest.xml") })).status(),
    ).toBe(401);
    const qa = await as("qa");
    expect(
      (
        await qa.post("/api/v1/runs/00000000-0000-7000-8000-000000000000/junit", {
          headers: { "content-type": "application/xml" },
          data: fixture("vitest.xml"),
        })
      ).status(),
    ).toBe(404);
  });
});
