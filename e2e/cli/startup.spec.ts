import { apiAs, DEMO, expect, test } from "../fixtures";
import { E2E_DATA_DIR } from "../playwright.config";
import { launchExpectingFailure } from "@/lib/tooling/processes";

// The launcher's own lines start with "shiproom:"; npm's banner is not part of the command.
function expectOneLineRefusal(result: { code: number; output: string }, message: RegExp) {
  expect(result.code).toBe(1);
  const lines = result.output.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(result.output).not.toMatch(/\n\s+at /); // no stack trace
}

test.describe("npm start with bad configuration", () => {
  test("a malformed DATABASE_URL is refused in one line", async () => {
    expectOneLineRefusal(
      await launchExpectingFailure({ DATABASE_URL: "mysql://root@localhost/shop", AUTH_SECRET: "x".repeat(40) }),
      /^shiproom: DATABASE_URL must start with postgresql:\/\/ \(got mysql:\/\/\)$/,
    );
  });

  test("an unreachable PostgreSQL is refused in one line", async () => {
    expectOneLineRefusal(
      await launchExpectingFailure({ DATABASE_URL: "postgresql://app:pw@127.0.0.1:1/shiproom", AUTH_SECRET: "x".repeat(40) }),
      /^shiproom: PostgreSQL at 127\.0\.0\.1:1\/shiproom refused the connection/,
    );
  });

  test("outside the embedded demo, a missing AUTH_SECRET is refused in one line", async () => {
    expectOneLineRefusal(
      await launchExpectingFailure({ DATABASE_URL: "postgresql://app:pw@127.0.0.1:1/shiproom" }),
      /^shiproom: AUTH_SECRET is required outside the embedded demo/,
    );
  });

  test("a second Shiproom on an embedded data directory in use is refused in one line", async ({ baseURL }) => {
    // The test server holds the directory once it has served a request that reads the database.
    (await apiAs(baseURL!, DEMO.qa)).dispose();
    expectOneLineRefusal(
      await launchExpectingFailure({ SHIPROOM_DATA_DIR: E2E_DATA_DIR, PORT: "3199" }),
      /^shiproom: the embedded database .* is already open by another process \(pid \d+\)/,
    );
  });
});
