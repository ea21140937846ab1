import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "@/lib/tooling/processes";
import { runShiproom } from "@/lib/tooling/shiproom-cli";
import { E2E_PORT } from "../playwright.config";
import { expect, newProject, newToken, test } from "../fixtures";

const FIXTURES = path.join(ROOT, "lib/junit/fixtures");

/** `shiproom …` from a folder outside the checkout. */
const shiproom = (args: string[], env: Record<string, string>) => runShiproom(args, env);

const url = `http://localhost:${E2E_PORT}`;

test.describe("the shiproom CLI against the running app", () => {
  test("a pipeline registers a release, reports, uploads results, promotes and waits, and reads the status", async ({ as }) => {
    test.setTimeout(120_000);
    const admin = await as("admin");
    const ops = await as("ops");
    const project = await newProject(admin, "cli-");
    const token = await newToken(
      admin,
      project.slug,
      ["read", "releases:write", "results:write", "promotions:request", "deployments:report"],
      "GitHub Actions",
    );
    const env = { SHIPROOM_URL: url, SHIPROOM_TOKEN: token };
    const notes = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-")), "CHANGELOG.md");
    fs.writeFileSync(notes, "- faster checkout\n");

    // By the project's key, as --project KEY says.
    const created = await shiproom(
      ["release", "create", "--project", project.key, "--version", "v1.4.0", "--commit", "abc1234", "--notes-file", notes],
      env,
    );
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain(`Registered v1.4.0 (abc1234) in ${project.slug}. dev: approved (#1)`);
    const again = await shiproom(["release", "create", "--project", project.slug, "--version", "v1.4.0", "--commit", "abc1234"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("Conflict (409): Release v1.4.0 already exists");
    const bad = await shiproom(["release", "create", "--project", project.slug, "--version", "v1.5.0", "--commit", "nope"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("commitSha: Enter the commit SHA: 7 to 64 hexadecimal characters");

    const status = await shiproom(["status", "--project", project.slug, "--json"], env);
    expect(status.code).toBe(0);
    const board = JSON.parse(status.stdout) as { columns: { inFlight: { id: string } | null }[] };
    const report = await shiproom(
      ["deploy", "report", "--deployment", board.columns[0]!.inFlight!.id, "--status", "succeeded", "--url", "https://ci.example/1"],
      env,
    );
    expect(report.code).toBe(0);
    expect(report.stdout).toContain("Promotion #1: v1.4.0 → dev is succeeded (https://ci.example/1)");

    const uploadToStaging = (files: string[], ...options: string[]) =>
      shiproom(
        [
          "results",
          "upload",
          "--project",
          project.slug,
          "--release",
          "v1.4.0",
          "--env",
          "staging",
          ...options,
          ...files.map((f) => path.join(FIXTURES, f)),
        ],
        env,
      );
    const upload = await uploadToStaging(["pytest.xml", "jest-junit.xml"]);
    expect(upload.code).toBe(0);
    expect(upload.stdout).toMatch(
      /^pytest\.xml: \d+ tests? — \d+ passed, \d+ failed, \d+ errors?, \d+ skipped.*; 0 cases matched, \d+ created$/m,
    );
    expect(upload.stdout).toMatch(/^All 2 files: \d+ tests/m);
    expect(upload.stdout).toMatch(/^Run #1 \(v1\.4\.0 on staging: automated results\), new: http/m);
    const json = await uploadToStaging(["pytest.xml"], "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ files: [{ duplicate: true }], run: { number: 1, created: false } });

    // Staging needs no approval; --wait follows it until ops report success.
    const waiting = shiproom(
      ["promote", "--project", project.slug, "--release", "v1.4.0", "--to", "staging", "--wait", "--interval", "0.2"],
      env,
    );
    await expect
      .poll(
        async () =>
          ((await (await ops.get(`/api/v1/projects/${project.slug}/board`)).json()) as { columns: { inFlight: { id: string } | null }[] })
            .columns[1]!.inFlight?.id ?? null,
      )
      .not.toBeNull();
    const staging = (
      (await (await ops.get(`/api/v1/projects/${project.slug}/board`)).json()) as { columns: { inFlight: { id: string } }[] }
    ).columns[1]!.inFlight.id;
    await ops.post(`/api/v1/promotions/${staging}/report`, { data: { status: "deploying" } });
    await ops.post(`/api/v1/promotions/${staging}/report`, { data: { status: "succeeded" } });
    const promoted = await waiting;
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toContain("Promotion #2: v1.4.0 → staging is approved");
    expect(promoted.stdout).toContain("Promotion #2: v1.4.0 → staging is succeeded");

    // Production waits for two ops approvals and QA's sign-off; a rejection ends the wait with an error.
    const prod = shiproom(
      ["promote", "--project", project.slug, "--release", "v1.4.0", "--to", "production", "--wait", "--interval", "0.2"],
      env,
    );
    let id: string | null = null;
    await expect
      .poll(async () => {
        id =
          ((await (await ops.get(`/api/v1/projects/${project.slug}/board`)).json()) as { columns: { waiting: { id: string } | null }[] })
            .columns[2]!.waiting?.id ?? null;
        return id;
      })
      .not.toBeNull();
    await ops.post(`/api/v1/promotions/${id}/reject`, { data: { comment: "error budget spent" } });
    const rejected = await prod;
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/… Approvals: 0 of \d+ from Ops — waiting on Ops: .+$/m);
    expect(rejected.stderr.trim()).toBe("shiproom: Promotion #3 rejected by Olive Ops: error budget spent.");

    const table = await shiproom(["status", "--project", project.slug], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ENVIRONMENT\s+RUNNING\s+COMMIT\s+SINCE\s+IN FLIGHT\s+WAITING$/m);
    expect(table.stdout).toMatch(/^dev\s+v1\.4\.0\s+abc1234\s+/m);
    expect(table.stdout).toMatch(/^staging\s+v1\.4\.0\s+abc1234\s+.*by token GitHub Actions$/m);
    expect(table.stdout).toMatch(/^production\s+—/m);

    // Staging's keys over the last 30 days: v1.4.0 succeeded there just now, nothing failed, nothing before.
    const metrics = await shiproom(["metrics", "--project", project.slug, "--since", "30d", "--environment", "staging"], env);
    expect(metrics.code).toBe(0);
    expect(metrics.stdout).toMatch(/^KEY\s+VALUE\s+LEVEL\s+PREVIOUS/m);
    expect(metrics.stdout).toMatch(/^Change failure rate\s+0 %\s+elite\s+—\s+0 failed, 0 rolled back/m);
    const wrong = await shiproom(["metrics", "--project", project.slug, "--environment", "qa"], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('No environment "qa"');
    // A period and dates at once, as the API refuses them: named, exit 2, nothing asked.
    const both = await shiproom(
      ["metrics", "--project", project.slug, "--since", "30d", "--from", "2026-10-01", "--to", "2026-10-31"],
      env,
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("'--since <period>' cannot be used with option '--from <date>'");
  });

  test("results upload --attachments DIR sends the files the report names from that folder, and only from it", async ({ as }) => {
    const admin = await as("admin");
    const dev = await as("dev");
    const project = await newProject(admin, "cli-files-");
    const token = await newToken(admin, project.slug, ["read", "results:write"]);
    expect(
      (await dev.post(`/api/v1/projects/${project.slug}/releases`, { data: { version: "v2.0.0", commitSha: "abcdef1" } })).status(),
    ).toBe(201);
    // The report was written on the CI machine: absolute paths there, found here by their end.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-files-"));
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    fs.mkdirSync(path.join(dir, "test-results", "pays"), { recursive: true });
    fs.writeFileSync(path.join(dir, "test-results", "pays", "test-failed-1.png"), png);
    fs.writeFileSync(path.join(dir, "checkout.log"), "GET /checkout 500\n");
    // A link out of the folder is not followed: the file it points to is never sent.
    const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cli-outside-")), "secret.txt");
    fs.writeFileSync(outside, "not for the server");
    fs.symlinkSync(outside, path.join(dir, "secret.txt"));
    const report = path.join(dir, "junit.xml");
    fs.writeFileSync(
      report,
      `<testsuite name="checkout">
        <testcase classname="checkout" name="pays by card"><failure message="declined"/>
          <system-out>[[ATTACHMENT|/home/runner/work/shop/test-results/pays/test-failed-1.png]]
[[ATTACHMENT|checkout.log]]
[[ATTACHMENT|secret.txt]]
[[ATTACHMENT|videos/pays.webm]]</system-out>
        </testcase>
      </testsuite>`,
    );
    const args = ["results", "upload", "--project", project.slug, "--release", "v2.0.0", "--env", "staging", report];
    const env = { SHIPROOM_URL: url, SHIPROOM_TOKEN: token };
    const sent = await shiproom([...args.slice(0, -1), "--attachments", dir, report], env);
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^junit\.xml: 1 test — 0 passed, 1 failed, .*; 2 attachments stored$/m);
    expect(sent.stdout).toContain("warning: 2 files the report names as attachments were not uploaded with it");
    expect(sent.stderr).toContain(`junit.xml: 2 of the files it names are not in ${dir}: secret.txt, videos/pays.webm`);

    const runId = /\/runs\/([0-9a-f-]{36})/.exec(sent.stdout)![1]!;
    const run = (await (await dev.get(`/api/v1/runs/${runId}`)).json()) as { results: { id: string }[] };
    const listed = (await (await dev.get(`/api/v1/runs/${runId}/results/${run.results[0]!.id}/attachments`)).json()) as {
      items: { fileName: string; url: string }[];
    };
    expect(listed.items.map((a) => a.fileName)).toEqual(["test-failed-1.png", "checkout.log"]);
    expect(Buffer.from(await (await dev.get(listed.items[0]!.url)).body())).toEqual(png);

    // Without the folder the same upload says which files it left behind; a folder that is not one is a usage error.
    const missing = await shiproom([...args.slice(0, -1), "--attachments", path.join(dir, "nope"), report], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--attachments ${path.join(dir, "nope")}: no such folder`);
  });

  test("cases import previews (exit 1 on problems), --apply writes, export writes the filtered part as CSV", async ({ as }) => {
    const admin = await as("admin");
    const project = await newProject(admin, "cli-csv-");
    const env = { SHIPROOM_URL: url, SHIPROOM_TOKEN: await newToken(admin, project.slug, ["read", "cases:write"]) };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-csv-"));
    const file = path.join(dir, "testrail.csv");
    const rows = (priority: string) =>
      ["ID,Title,Section Hierarchy,Priority", `C1042,Pay by card,Checkout > Payments,${priority}`, "C1043,Refund,Checkout,Low"].join("\n");
    fs.writeFileSync(file, rows("Urgentish"));
    const bad = await shiproom(["cases", "import", "--project", project.key, file, "--apply"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Priority: Row 2: 'Urgentish' is not one of Critical, High, Medium, Low");
    const preview = await shiproom(["cases", "import", "--project", project.key, file], env);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain("row 2, Priority: 'Urgentish' is not one of Critical, High, Medium, Low");
    fs.writeFileSync(file, rows("High"));
    const good = await shiproom(["cases", "import", "--project", project.key, file], env);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain("testrail.csv: 2 rows (TestRail): 2 to create, 0 to update, 0 unchanged");
    const applied = await shiproom(["cases", "import", "--project", project.key, file, "--apply"], env);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("2 created, 0 updated");
    const exported = await shiproom(["cases", "export", "--project", project.key, "--suite", "checkout / payments"], env);
    expect(exported.code).toBe(0);
    expect(exported.stdout.trimEnd().split("\n")).toEqual([
      "Key,Title,Suite,Priority,Kind,Tags,Preconditions,Steps,Automation id,External id",
      `${project.key}-1,Pay by card,Checkout / Payments,HIGH,MANUAL,,,,,C1042`,
    ]);
  });

  test("every failure is one clear line and a non-zero exit; --help explains each command", async ({ as }) => {
    const admin = await as("admin");
    const project = await newProject(admin, "cli-err-");
    const readOnly = await newToken(admin, project.slug, ["read"]);

    const noToken = await shiproom(["status", "--project", project.slug], { SHIPROOM_URL: url });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("shiproom: Set SHIPROOM_TOKEN");
    const wrong = await shiproom(["status", "--project", project.slug], { SHIPROOM_URL: url, SHIPROOM_TOKEN: `${readOnly}x` });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.trim()).toBe("shiproom: Unauthenticated (401): The API token is wrong, revoked or expired.");
    const scope = await shiproom(["release", "create", "--project", project.slug, "--version", "v1", "--commit", "abcdef1"], {
      SHIPROOM_URL: url,
      SHIPROOM_TOKEN: readOnly,
    });
    expect(scope.code).toBe(1);
    expect(scope.stderr).toContain('Forbidden (403): This token lacks the "releases:write" scope.');
    const missingFile = await shiproom(
      ["results", "upload", "--project", project.slug, "--release", "v1", "--env", "staging", "nope.xml"],
      {
        SHIPROOM_URL: url,
        SHIPROOM_TOKEN: readOnly,
      },
    );
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain("Cannot read nope.xml: ENOENT");
    const missingOption = await shiproom(["promote", "--project", project.slug], { SHIPROOM_URL: url, SHIPROOM_TOKEN: readOnly });
    expect(missingOption.code).not.toBe(0);
    expect(missingOption.stderr).toContain("required option '--release <version>' not specified");

    const help = await shiproom(["promote", "--help"], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--wait");
    expect(help.stdout).toContain("--json");
  });
});
