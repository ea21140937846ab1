import { describe, expect, test } from "vitest";
import { suitesInTreeOrder } from "./suite-tree";

const suite = (id: string, parentId: string | null = null) => ({ id, name: id.toUpperCase(), parentId, caseCount: 0 });

describe("suites in tree order", () => {
  test("each suite follows its parent, siblings keep their order, with depth and ancestors", () => {
    const tree = suitesInTreeOrder([
      suite("cart", "checkout"),
      suite("checkout"),
      suite("login"),
      suite("tax", "cart"),
      suite("pay", "checkout"),
    ]);
    expect(tree.map((s) => [s.id, s.depth, s.ancestors])).toEqual([
      ["checkout", 0, []],
      ["cart", 1, ["checkout"]],
      ["tax", 2, ["checkout", "cart"]],
      ["pay", 1, ["checkout"]],
      ["login", 0, []],
    ]);
  });

  test("a suite whose parent is missing, or in a cycle, is still listed once", () => {
    const tree = suitesInTreeOrder([suite("orphan", "gone"), suite("a", "b"), suite("b", "a")]);
    expect(tree.map((s) => s.id).sort()).toEqual(["a", "b", "orphan"]);
    expect(tree.find((s) => s.id === "orphan")?.depth).toBe(0);
  });
});
