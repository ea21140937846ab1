import { describe, expect, test } from "vitest";
import { plainExcerpt } from "./excerpt";

describe("plainExcerpt", () => {
  test("mentions read @Name, Markdown is reduced to its text, HTML tags and link targets are dropped", () => {
    const text =
      "Hey @[Olive Ops](member:7f0c3a4e-9d2b-4c1a-8e5f-2b6d7a8c9e01) please check **bold** and <script>alert(1)</script> " +
      "[click](javascript:alert(2))\n\n| a | b |\n| - | - |\n| 1 | 2 |";
    expect(plainExcerpt(text)).toBe("Hey @Olive Ops please check bold and alert(1) click a b 1 2");
  });

  test("headings and paragraphs are kept apart; whitespace is collapsed", () => {
    expect(plainExcerpt("### v1.5.0 - **New**\n\n  payment\n\tpage")).toBe("v1.5.0 - New payment page");
  });

  test("a long text is cut at a word boundary to about 120 characters with an ellipsis", () => {
    const text = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const excerpt = plainExcerpt(text);
    expect(excerpt.length).toBeLessThanOrEqual(121);
    expect(excerpt.endsWith("…")).toBe(true);
    expect(text.startsWith(excerpt.slice(0, -1) + " ")).toBe(true);
  });
});
