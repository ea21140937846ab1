import { describe, expect, test } from "vitest";
import { ValidationFailed } from "@/lib/http/errors";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { bulkUpdateCases, createCase } from "./mutations";
import { similarCases } from "./queries";

setupTestDatabase();

describe("duplicate hints", () => {
  test("titles like the one being written are suggested, most alike first; not archived cases, not the case being edited, not other projects'", async () => {
    const { slug } = await makePipeline();
    const other = await makePipeline();
    const qa = await makeActor(["QA"]);
    const login = await createCase(qa, slug, { title: "Log in with a password" });
    const loginSso = await createCase(qa, slug, { title: "Log in with single sign-on" });
    await createCase(qa, slug, { title: "Export the audit trail as CSV" });
    const archived = await createCase(qa, slug, { title: "Log in with a passkey" });
    await bulkUpdateCases(qa, slug, { caseIds: [archived.id], change: { action: "archive" } });
    await createCase(qa, other.slug, { title: "Log in with a password" });

    const hints = await similarCases(slug, { title: "log in with password" });
    expect(hints.map((hint) => hint.key)).toEqual([login.key, loginSso.key]);
    expect(hints[0]!.similarity).toBeGreaterThan(hints[1]!.similarity);
    expect(hints[0]).toMatchObject({ title: "Log in with a password" });

    // Editing the first case: it is not its own duplicate.
    expect((await similarCases(slug, { title: "Log in with a password", exclude: login.key })).map((h) => h.key)).toEqual([loginSso.key]);
    expect(await similarCases(slug, { title: "Deploy to production" })).toEqual([]);
  });

  test("a missing or overlong title is refused naming the field", async () => {
    const { slug } = await makePipeline();
    const fields = async (raw: unknown) => {
      const error = await similarCases(slug, raw).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationFailed);
      return (error as ValidationFailed).fieldErrors.map((e) => e.field);
    };
    expect(await fields({})).toEqual(["title"]);
    expect(await fields({ title: "x".repeat(501) })).toEqual(["title"]);
    expect(await fields({ title: "Log in", exclude: "not a key" })).toEqual(["exclude"]);
  });
});
