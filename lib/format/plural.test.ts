import { describe, expect, it } from "vitest";
import { plural } from "./plural";

describe("plural", () => {
  it("writes the noun singular for exactly one and plural otherwise, zero included", () => {
    expect(plural(1, "attachment")).toBe("1 attachment");
    expect(plural(0, "attachment")).toBe("0 attachments");
    expect(plural(2, "row problem")).toBe("2 row problems");
  });

  it("writes thousands with a separator", () => {
    expect(plural(1200, "case")).toBe("1,200 cases");
  });
});
