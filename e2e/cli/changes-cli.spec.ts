import { runShiproom } from "@/lib/tooling/shiproom-cli";
import { productionWaitsOnV2 } from "../changes-scenario";
import { expect, newToken, test } from "../fixtures";
import { E2E_PORT } from "../playwright.config";

test("shiproom changes prints what promoting a release changes, for people and as JSON; a wrong environment is one clear line", async ({
  as,
}) => {
  test.setTimeout(120_000);
  const world = await productionWaitsOnV2(as);
  const env = { SHIPROOM_URL: `http://localhost:${E2E_PORT}`, SHIPROOM_TOKEN: await newToken(world.admin, world.slug, ["read"]) };
  const args = ["changes", "--project", world.key, "--release", "v2.0.0", "--to", "production"];

  const human = await runShiproom(args, env);
  expect(human.stderr).toBe("");
  expect(human.code).toBe(0);
  const lines = human.stdout.split("\n");
  expect(lines[0]).toBe("v2.0.0 → production, against v1.0.0 running there now");
  expect(human.stdout).toContain("Releases (2)\n  v2.0.0  ");
  expect(human.stdout).toContain("    Faster checkout\n  v1.5.0  ");
  expect(human.stdout).toContain(`Commits (3)\n  ${world.repo.shas[3]!.slice(0, 7)}  Speed up checkout  (Dana Dev, `);
  expect(human.stdout).toMatch(/Tests on staging: run #\d+ \(newest\) against run #\d+ \(signed off\)/);
  expect(human.stdout).toMatch(/ {2}Newly failing \(1\)\n {4}[A-Z0-9]+-1 {2}Pay by card/);
  expect(human.stdout).toMatch(/ {2}Newly passing \(1\)\n {4}[A-Z0-9]+-2 {2}Refund an order/);
  expect(human.stdout).toMatch(/ {2}Not run \(1\)\n {4}[A-Z0-9]+-3 {2}Apply a coupon/);

  const json = await runShiproom([...args, "--json"], env);
  expect(json.code).toBe(0);
  const parsed = JSON.parse(json.stdout) as { releases: { items: { version: string }[] }; commits: { total: number } };
  expect(parsed.releases.items.map((r) => r.version)).toEqual(["v2.0.0", "v1.5.0"]);
  expect(parsed.commits.total).toBe(3);

  const wrong = await runShiproom(["changes", "--project", world.slug, "--release", "v2.0.0", "--to", "moon"], env);
  expect(wrong.code).toBe(1);
  expect(wrong.stderr).toContain(`to: ${world.slug} has no environment named moon`);
  world.cleanup();
});
