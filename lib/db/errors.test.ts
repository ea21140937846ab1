import { describe, expect, test } from "vitest";
import { databaseUnavailable, uniqueViolation } from "./errors";

const pgError = (code: string, message = "") => Object.assign(new Error(message), { code });

describe("which database errors mean 'try again later'", () => {
  test.each<[string, unknown, boolean]>([
    ["the pool has no free connection in time", new Error("timeout exceeded when trying to connect"), true],
    ["the server refused the connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), true],
    ["too many connections", pgError("53300", "sorry, too many clients already"), true],
    ["the server is shutting down", pgError("57P01", "terminating connection due to administrator command"), true],
    ["the server is starting", pgError("57P03", "the database system is starting up"), true],
    ["a connection failure", pgError("08006", "connection failure"), true],
    ["a unique violation", pgError("23505", "duplicate key value"), false],
    ["a trigger's refusal", pgError("P0001", "releases are immutable"), false],
    ["a bug", new TypeError("x is undefined"), false],
  ])("%s → %s", (_what, error, expected) => {
    expect(databaseUnavailable(error)).toBe(expected);
  });

  test("a unique violation is recognised as such, not as unavailability", () => {
    expect(uniqueViolation(pgError("23505", "duplicate key value"))).not.toBeNull();
  });
});
