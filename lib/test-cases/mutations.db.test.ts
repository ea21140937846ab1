import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { Conflict, Forbidden, type ValidationFailed } from "@/lib/http/errors";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { bulkUpdateCases, createCase, createSuite, deleteSuite, updateCase, updateSuite } from "./mutations";
import { getCase, listCases, listSuites } from "./queries";

setupTestDatabase();

const steps = [
  { action: "Open the cart with two items", expected: "Both items are listed" },
  { action: "Apply the code SAVE10", expected: "The total drops by 10%" },
];

describe("the shared test-case library", () => {
  test("anyone on the team writes a case; it gets the project's next key and revision 1", async () => {
    const { slug } = await makePipeline();
    const qa = await makeActor(["QA"]);
    const dev = await makeActor(["DEVELOPER"]);
    const first = await createCase(qa, slug, {
      title: "Discount codes reduce the total",
      steps,
      tags: ["Checkout", "smoke"],
      priority: "HIGH",
    });
    const second = await createCase(dev, slug, { title: "Empty cart shows a hint" });
    expect(first).toMatchObject({ key: expect.stringMatching(/-1$/), revision: 1, tags: ["checkout", "smoke"], priority: "HIGH", steps });
    expect(second.key).toMatch(/-2$/);
    expect(first.revisions).toHaveLength(1);
    expect(await db().auditEvent.count({ where: { objectId: first.id, action: "case.created" } })).toBe(1);
  });

  test("every edit makes a revision saying who changed what; a stale edit is refused", async () => {
    const { slug } = await makePipeline();
    const qa = await makeActor(["QA"]);
    const created = await createCase(qa, slug, { title: "Pay with a card", steps });
    const edited = await updateCase(qa, slug, created.key, {
      title: "Pay with a saved card",
      steps: [...steps, { action: "Confirm", expected: "Receipt shown" }],
      revision: 1,
    });
    expect(edited.revision).toBe(2);
    expect(edited.revisions[0]).toMatchObject({ revision: 2, changed: ["title", "steps"] });
    expect(edited.revisions[1]!.snapshot.title).toBe("Pay with a card");
    await expect(updateCase(qa, slug, created.key, { title: "Someone else's edit", revision: 1 })).rejects.toBeInstanceOf(Conflict);
    // Saving without a change makes no revision.
    const same = await updateCase(qa, slug, created.key, { title: "Pay with a saved card", steps: edited.steps, revision: 2 });
    expect(same.revision).toBe(2);
  });

  test("an automated case needs its automation id, and one id maps to one case", async () => {
    const { slug } = await makePipeline();
    const dev = await makeActor(["DEVELOPER"]);
    const error = (await createCase(dev, slug, { title: "x", kind: "AUTOMATED" }).catch((e: unknown) => e)) as ValidationFailed;
    expect(error.fieldErrors[0]?.field).toBe("automationId");
    await createCase(dev, slug, { title: "adds item", kind: "AUTOMATED", automationId: "tests.test_cart.test_add_item" });
    await expect(
      createCase(dev, slug, { title: "dup", kind: "AUTOMATED", automationId: "tests.test_cart.test_add_item" }),
    ).rejects.toBeInstanceOf(Conflict);
  });

  test("tokens do not edit the library directly", async () => {
    const { slug } = await makePipeline();
    await expect(
      createCase({ kind: "TOKEN", id: "t", label: "ci", roles: [], scopes: ["results:write"] }, slug, { title: "x" }),
    ).rejects.toBeInstanceOf(Forbidden);
  });

  test("search covers title, steps and tags; filters combine", async () => {
    const { slug } = await makePipeline();
    const qa = await makeActor(["QA"]);
    const a = await createCase(qa, slug, { title: "Discount codes reduce the total", steps, tags: ["checkout"], priority: "HIGH" });
    await createCase(qa, slug, { title: "Refunds go back to the card", tags: ["payments"], priority: "LOW" });
    await createCase(qa, slug, {
      title: "Receipt email",
      steps: [{ action: "Finish an order", expected: "An email with the discount applied" }],
      tags: ["checkout"],
    });
    const titles = async (params: object) => (await listCases(slug, params)).cases.map((c) => c.title);
    expect(await titles({ q: "discount" })).toEqual(["Discount codes reduce the total", "Receipt email"]);
    expect(await titles({ q: "disc total" })).toEqual(["Discount codes reduce the total"]);
    expect(await titles({ q: "SAVE10" })).toEqual(["Discount codes reduce the total"]);
    expect(await titles({ tags: ["payments"] })).toEqual(["Refunds go back to the card"]);
    expect(await titles({ q: "discount", priority: ["HIGH"] })).toEqual(["Discount codes reduce the total"]);
    expect(await titles({ q: a.key })).toEqual(["Discount codes reduce the total"]);
    expect(await titles({ q: "nothing-like-this" })).toEqual([]);
    expect((await listCases(slug, {})).total).toBe(3);
  });

  test("bulk tag, move and archive; archived cases leave the library and come back", async () => {
    const { slug } = await makePipeline();
    const qa = await makeActor(["QA"]);
    const cases = await Promise.all(["one", "two", "three"].map((title) => createCase(qa, slug, { title })));
    const [suite] = await createSuite(qa, slug, { name: "Checkout" });
    const ids = cases.map((c) => c.id);
    expect(await bulkUpdateCases(qa, slug, { caseIds: ids, change: { action: "addTags", tags: ["regression"] } })).toEqual({ changed: 3 });
    await bulkUpdateCases(qa, slug, { caseIds: ids.slice(0, 2), change: { action: "move", suiteId: suite!.id } });
    expect((await listSuites(slug))[0]).toMatchObject({ name: "Checkout", caseCount: 2 });
    await bulkUpdateCases(qa, slug, { caseIds: [ids[2]!], change: { action: "archive" } });
    expect((await listCases(slug, {})).total).toBe(2);
    expect((await listCases(slug, { archived: true })).cases.map((c) => c.title)).toEqual(["three"]);
    const archived = await getCase(slug, cases[2]!.key);
    expect(archived.revisions[0]).toMatchObject({ revision: 3, changed: ["archived"] });
    await bulkUpdateCases(qa, slug, { caseIds: [ids[2]!], change: { action: "unarchive" } });
    expect((await listCases(slug, {})).total).toBe(3);
  });

  test("suites nest; a suite cannot move into itself; deleting one moves its cases up", async () => {
    const { slug } = await makePipeline();
    const qa = await makeActor(["QA"]);
    const [parent] = await createSuite(qa, slug, { name: "Checkout" });
    const suites = await createSuite(qa, slug, { name: "Payments", parentId: parent!.id });
    const child = suites.find((s) => s.name === "Payments")!;
    await expect(updateSuite(qa, slug, parent!.id, { name: "Checkout", parentId: child.id })).rejects.toThrow(
      "A suite cannot be placed inside itself",
    );
    const inChild = await createCase(qa, slug, { title: "Card payment", suiteId: child.id });
    await deleteSuite(qa, slug, child.id);
    const moved = await getCase(slug, inChild.key);
    expect(moved.suite?.name).toBe("Checkout");
    expect(moved.revisions[0]!.changed).toEqual(["suite"]);
  });
});
