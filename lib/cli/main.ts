// `shiproom`: what a pipeline does through Shiproom — register a release, upload test results,
// promote and wait, report a deployment, see what runs where. A thin client of /api/v1,
// configured by SHIPROOM_URL and SHIPROOM_TOKEN. Only relative imports: it runs from any folder.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { SingleBar } from "cli-progress";
import { Command, Option } from "commander";
import { ApiClient, CliError, configFrom } from "./client";
import { relativeTime } from "../format/time";
import { describeChange } from "../pipeline/describe-change";
import { attachmentsStored, describeImport } from "../test-runs/import-summary";
import { JUNIT_LIMITS, parseJunit } from "../junit/parse";
import { formatBytes, MAX_ATTACHMENT_BYTES, MAX_UPLOAD_BYTES, MAX_UPLOAD_FILES } from "../attachments/limits";
import { PERIODS, type DeliveryMetricsDto, type PortfolioMetricsDto } from "../insights/schemas";
import type { ApplyDto, PipelineChange } from "../pipeline/schemas";
import type { UploadSummary } from "../test-runs/schemas";
import type { ChangesDto } from "../changes/schemas";
import type { CaseImportDto } from "../test-cases/schemas";
import {
  bytes,
  changesText,
  FINISHED,
  gateLines,
  metricsText,
  portfolioText,
  outcome,
  promotionHeadline,
  statusText,
  table,
  UNSUCCESSFUL,
  type Promotion,
} from "./format";
import { plural } from "../format/plural";

type Io = { out: (line: string) => void; err: (line: string) => void; isTTY: boolean };

type ReleaseDto = {
  version: string;
  commitSha: string;
  project: { slug: string };
  environments: { name: string; status: string | null; number: number | null }[];
};
type Board = {
  project: { slug: string; name: string };
  columns: {
    environment: { name: string };
    current: { release: { version: string; commitSha: string }; since: string; by: string } | null;
    inFlight: Promotion | null;
    waiting: Promotion | null;
    freeze: { active: { label: string; untilText: string } | null };
  }[];
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const positive = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${name} must be a positive number of seconds (got ${value})`, 2);
  return n;
};
const project = (slug: string) => `/projects/${encodeURIComponent(slug)}`;

function program(env: Record<string, string | undefined>, io: Io): Command {
  const client = () => new ApiClient(configFrom(env));
  const print = (json: boolean, data: unknown, human: () => string) => io.out(json ? JSON.stringify(data, null, 2) : human());

  const root = new Command("shiproom")
    .description("Shiproom from a pipeline. Configure with SHIPROOM_URL and SHIPROOM_TOKEN (an API token of the project).")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const json = () => new Option("--json", "print the API's answer as JSON");

  const release = root.command("release").description("register releases");
  release
    .command("create")
    .description("register an immutable release (needs the releases:write scope)")
    .requiredOption("--project <key>", "the project's slug or key")
    .requiredOption("--version <version>", "the release version, e.g. v1.4.0")
    .requiredOption("--commit <sha>", "the commit SHA it was built from")
    .option("--artifact <ref>", "the artifact: an image digest or URL")
    .option("--committed-at <time>", "when the commit was made, RFC 3339: $(git show -s --format=%cI) (lead time starts there)")
    .option("--notes-file <file>", "release notes or a changelog, from a file")
    .addOption(json())
    .action(
      async (o: {
        project: string;
        version: string;
        commit: string;
        artifact?: string;
        committedAt?: string;
        notesFile?: string;
        json?: boolean;
      }) => {
        let notes: string | undefined;
        if (o.notesFile) {
          try {
            notes = fs.readFileSync(o.notesFile, "utf8");
          } catch (error) {
            throw new CliError(
              `Cannot read --notes-file ${o.notesFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
              2,
            );
          }
        }
        const created = await client().request<ReleaseDto>("POST", `${project(o.project)}/releases`, {
          json: { version: o.version, commitSha: o.commit, artifactRef: o.artifact, committedAt: o.committedAt, notes },
        });
        print(Boolean(o.json), created, () => {
          const where = created.environments.filter((e) => e.status).map((e) => `${e.name}: ${statusText(e.status!)} (#${e.number})`);
          return `Registered ${created.version} (${created.commitSha.slice(0, 7)}) in ${created.project.slug}${where.length ? `. ${where.join(", ")}` : ""}`;
        });
      },
    );

  root
    .command("results")
    .description("upload test results")
    .command("upload")
    .description("upload JUnit XML reports for a release in an environment (needs the results:write scope)")
    .requiredOption("--project <key>", "the project's slug or key")
    .requiredOption("--release <version>", "the release the tests ran against")
    .requiredOption("--env <environment>", "the environment they ran in")
    .option("--run <number>", "a test run number (default: the newest open run of that release there, else a new one)")
    .option(
      "--attachments <dir>",
      "also upload the files the reports name as attachments ([[ATTACHMENT|path]], an attachment property), looked up in this folder",
    )
    .argument("<files...>", "JUnit XML files")
    .addOption(json())
    .action(
      async (files: string[], o: { project: string; release: string; env: string; run?: string; attachments?: string; json?: boolean }) => {
        const api = client();
        const summaries: (UploadSummary & { file: string })[] = [];
        // One upload id for all the files: the server counts a test in a later file as a retry of the same test in an earlier one.
        const upload = files.length > 1 ? randomUUID() : undefined;
        const root = o.attachments === undefined ? null : folder(o.attachments);
        for (const file of files) {
          let size: number;
          try {
            size = fs.statSync(file).size;
          } catch (error) {
            throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
          }
          const attached = root ? await attachmentsOf(file, root) : null;
          if (attached && attached.missing.length > 0 && !o.json)
            io.err(
              `${path.basename(file)}: ${attached.missing.length} of the files it names ${attached.missing.length === 1 ? "is" : "are"} not in ${o.attachments}: ${attached.missing.slice(0, 5).join(", ")}${attached.missing.length > 5 ? ", …" : ""}`,
            );
          if (attached && attached.found.length > 0) {
            const total = size + attached.found.reduce((sum, found) => sum + found.bytes, 0);
            if (total > MAX_UPLOAD_BYTES)
              throw new CliError(
                `${path.basename(file)} with its ${plural(attached.found.length, "attachment")} is ${formatBytes(total)}: an upload holds at most ${formatBytes(MAX_UPLOAD_BYTES)} in all`,
                2,
              );
            if (!o.json)
              io.err(`${path.basename(file)}: sending ${plural(attached.found.length, "attachment")} (${formatBytes(total - size)})`);
            summaries.push({
              ...(await api.request<UploadSummary>("POST", `${project(o.project)}/results`, {
                query: { release: o.release, environment: o.env, run: o.run, upload },
                body: () => multipartReport(file, attached.found),
              })),
              file,
            });
          } else {
            const bar =
              size > 1_048_576 && !o.json
                ? new SingleBar({
                    stream: process.stderr,
                    noTTYOutput: !io.isTTY,
                    notTTYSchedule: 2000,
                    format: `${path.basename(file)} [{bar}] {percentage}% | {sent} of ${bytes(size)}`,
                  })
                : null;
            bar?.start(size, 0, { sent: bytes(0) });
            const body = () => {
              let sent = 0;
              const stream = fs.createReadStream(file);
              stream.on("data", (chunk) => {
                sent += chunk.length;
                bar?.update(sent, { sent: bytes(sent) });
              });
              return Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>;
            };
            try {
              const summary = await api.request<UploadSummary>("POST", `${project(o.project)}/results`, {
                query: { release: o.release, environment: o.env, run: o.run, upload },
                body,
                headers: {
                  "content-type": "application/xml",
                  "content-length": String(size),
                  "x-file-name": encodeURIComponent(path.basename(file)),
                },
              });
              summaries.push({ ...summary, file });
            } finally {
              bar?.stop();
            }
          }
          const s = summaries.at(-1)!;
          if (!o.json) {
            io.out(
              `${path.basename(file)}: ${s.duplicate ? `already attached, nothing changed${attachmentsStored(s.attachments)}` : describeImport(s)}`,
            );
            if (!s.duplicate || s.attachments > 0) for (const warning of s.warnings) io.out(`  warning: ${warning.message}`);
          }
        }
        // The files of one upload count in the order given (the server's total after the last file).
        const total = summaries.at(-1)!.upload ?? summaries[0]!;
        const run = { ...summaries.at(-1)!.run, created: summaries.some((s) => s.run.created) };
        print(Boolean(o.json), { files: summaries, total, run }, () =>
          [
            ...(files.length > 1
              ? [`All ${files.length} files: ${describeImport(total)}`, ...total.warnings.map((w) => `  warning: ${w.message}`)]
              : []),
            `Run #${run.number} (${run.name})${run.created ? ", new" : ""}: ${run.url}`,
          ].join("\n"),
        );
      },
    );

  root
    .command("promote")
    .description("request a promotion of a release into an environment (needs promotions:request; --wait also needs read)")
    .requiredOption("--project <key>", "the project's slug or key")
    .requiredOption("--release <version>", "the release to promote")
    .requiredOption("--to <environment>", "the environment it should enter")
    .option("--wait", "wait until it succeeds, showing the gates as they change; fail if it is rejected or fails")
    .option("--timeout <seconds>", "give up waiting after this long", positive("timeout"), 3600)
    .option("--interval <seconds>", "how often to look", positive("interval"), 2)
    .option("--confirm-rolled-back", "promote a release that was rolled back from that environment again")
    .addOption(json())
    .action(
      async (o: {
        project: string;
        release: string;
        to: string;
        wait?: boolean;
        timeout: number;
        interval: number;
        confirmRolledBack?: boolean;
        json?: boolean;
      }) => {
        const api = client();
        let promotion = await api.request<Promotion>("POST", `${project(o.project)}/promotions`, {
          json: { release: o.release, environment: o.to, ...(o.confirmRolledBack ? { confirmRolledBack: true } : {}) },
        });
        const say = (line: string) => (o.json ? io.err(line) : io.out(line));
        let shown = "";
        const show = () => {
          const text = [promotionHeadline(promotion), ...(FINISHED.includes(promotion.status) ? [] : gateLines(promotion))].join("\n");
          if (text !== shown) say(text);
          shown = text;
        };
        show();
        if (o.wait) {
          const deadline = Date.now() + o.timeout * 1000;
          while (!FINISHED.includes(promotion.status)) {
            if (Date.now() > deadline)
              throw new CliError(`Gave up after ${o.timeout} s: promotion #${promotion.number} is ${statusText(promotion.status)}.`, 3);
            await sleep(o.interval * 1000);
            promotion = await api.request<Promotion>("GET", `/promotions/${promotion.id}`);
            show();
          }
        }
        if (o.json) io.out(JSON.stringify(promotion, null, 2));
        if (UNSUCCESSFUL.includes(promotion.status)) throw new CliError(outcome(promotion));
      },
    );

  root
    .command("deploy")
    .description("report deployments")
    .command("report")
    .description("report how a deployment goes (needs the deployments:report scope)")
    .requiredOption("--deployment <id>", "the promotion's id (in the deploy hook's payload)")
    .addOption(new Option("--status <status>", "how it goes").choices(["deploying", "succeeded", "failed"]).makeOptionMandatory())
    .option("--url <url>", "a link to the deployment (logs, the running version)")
    .option("--message <text>", "a short note")
    .addOption(json())
    .action(async (o: { deployment: string; status: string; url?: string; message?: string; json?: boolean }) => {
      const promotion = await client().request<Promotion>("POST", `/promotions/${encodeURIComponent(o.deployment)}/report`, {
        json: { status: o.status, url: o.url, message: o.message },
      });
      print(Boolean(o.json), promotion, () => promotionHeadline(promotion));
    });

  root
    .command("status")
    .description("what runs where (needs the read scope)")
    .requiredOption("--project <key>", "the project's slug or key")
    .addOption(json())
    .action(async (o: { project: string; json?: boolean }) => {
      const board = await client().request<Board>("GET", `${project(o.project)}/board`);
      print(Boolean(o.json), board, () =>
        [
          `${board.project.name} (${board.project.slug})`,
          table(
            ["ENVIRONMENT", "RUNNING", "COMMIT", "SINCE", "IN FLIGHT", "WAITING"],
            board.columns.map((c) => [
              c.environment.name + (c.freeze.active ? ` (frozen: ${c.freeze.active.label})` : ""),
              c.current?.release.version ?? "—",
              c.current?.release.commitSha.slice(0, 7) ?? "",
              c.current ? `${relativeTime(c.current.since)} by ${c.current.by}` : "",
              c.inFlight ? `${c.inFlight.release.version} #${c.inFlight.number} ${statusText(c.inFlight.status)}` : "",
              c.waiting ? `${c.waiting.release.version} #${c.waiting.number}` : "",
            ]),
          ),
        ].join("\n"),
      );
    });

  root
    .command("changes")
    .description("what promoting a release into an environment changes there: releases, commits, test evidence (needs read)")
    .requiredOption("--project <key>", "the project's slug or key")
    .requiredOption("--release <version>", "the release to promote")
    .requiredOption("--to <environment>", "the target environment")
    .addOption(json())
    .action(async (o: { project: string; release: string; to: string; json?: boolean }) => {
      const changes = await client().request<ChangesDto>("GET", `${project(o.project)}/releases/${encodeURIComponent(o.release)}/changes`, {
        query: { to: o.to },
      });
      print(Boolean(o.json), changes, () => changesText(changes));
    });

  root
    .command("metrics")
    .description(
      "DORA's four keys of an environment, with their levels, and approval waits; without --project, every project you see (needs read)",
    )
    .option("--project <key>", "the project's slug or key (default: every project you see, and all together)")
    .addOption(new Option("--since <period>", "the last 30, 90 or 365 days (default 90d)").choices([...PERIODS]).conflicts(["from", "to"]))
    .option("--from <date>", "first day, UTC (with --to; instead of --since)")
    .option("--to <date>", "last day, UTC, included")
    .option("--environment <name>", "the environment (default: production, else the pipeline's last)")
    .addOption(json())
    .action(async (o: { project?: string; since?: string; from?: string; to?: string; environment?: string; json?: boolean }) => {
      // Only what was given: --from alone is then named by the server ("Give from and to together").
      const query = new URLSearchParams(
        o.from || o.to ? Object.entries({ from: o.from, to: o.to }).flatMap(([k, v]) => (v ? [[k, v]] : [])) : { period: o.since ?? "90d" },
      );
      if (o.environment) query.set("environment", o.environment);
      if (!o.project) {
        const all = await client().request<PortfolioMetricsDto>("GET", `/metrics?${query}`);
        return print(Boolean(o.json), all, () => portfolioText(all));
      }
      const metrics = await client().request<DeliveryMetricsDto>("GET", `${project(o.project)}/metrics?${query}`);
      print(Boolean(o.json), metrics, () => metricsText(metrics));
    });

  const pipelineFile = (file: string) => {
    try {
      return fs.readFileSync(file, "utf8");
    } catch (error) {
      throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
    }
  };
  /** The project a file is for: --project, else the file's `project:`. */
  const projectOf = (text: string, given?: string) => {
    const named = /^project:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(text)?.[1];
    if (!given && !named) throw new CliError("Name the project: --project KEY, or `project:` in the file.", 2);
    return given ?? named!;
  };
  const planText = (plan: Plan) =>
    plan.changes.length === 0
      ? `No changes: ${plan.project} already matches (revision ${plan.revision}).`
      : [`${plural(plan.changes.length, "change")} to ${plan.project}:`, ...plan.changes.map((c) => `  ${describeChange(c)}`)].join("\n");

  root
    .command("plan")
    .description("show what applying a shiproom.yaml would change (needs read)")
    .argument("<file>", "the shiproom.yaml")
    .option("--project <key>", "the project's slug or key (default: the file's project)")
    .addOption(json())
    .action(async (file: string, o: { project?: string; json?: boolean }) => {
      const text = pipelineFile(file);
      const plan = await client().request<Plan>("POST", `${project(projectOf(text, o.project))}/pipeline/plan`, {
        body: () => text,
        headers: { "content-type": "application/yaml" },
      });
      print(Boolean(o.json), plan, () => planText(plan));
    });

  root
    .command("apply")
    .description("make the pipeline what a shiproom.yaml says, all or nothing (needs pipeline:write)")
    .argument("<file>", "the shiproom.yaml")
    .option("--project <key>", "the project's slug or key (default: the file's project)")
    .option("--revision <rev>", "the file's revision, e.g. a git commit (default: the file's last commit, else its sha256)")
    .addOption(json())
    .action(async (file: string, o: { project?: string; revision?: string; json?: boolean }) => {
      const text = pipelineFile(file);
      const revision = o.revision ?? lastCommit(file);
      const result = await client().request<ApplyDto>("POST", `${project(projectOf(text, o.project))}/pipeline/apply`, {
        body: () => text,
        headers: { "content-type": "application/yaml" },
        query: { revision },
      });
      const waiting = result.pendingChange;
      print(Boolean(o.json), result, () =>
        [
          waiting
            ? [
                `Not applied: ${result.revision} weakens ${plural(waiting.weakenings.length, "gate")}, and only people weaken a gate.`,
                ...waiting.weakenings.map((w) => `  ${w.environment}: ${w.message}`),
                `It waits for an admin, who applies or rejects it: ${waiting.links.review}`,
              ].join("\n")
            : result.applied
              ? `Applied ${result.revision}. ${planText(result)}`
              : planText(result),
          ...Object.entries(result.deployHookSecrets).map(
            ([env, secret]) => `New deploy hook secret for ${env} (shown once, give it to the deployer): ${secret}`,
          ),
        ].join("\n"),
      );
    });

  root
    .command("export")
    .description("write the live pipeline as a shiproom.yaml (needs read)")
    .requiredOption("--project <key>", "the project's slug or key")
    .option("--output <file>", "write to this file instead of standard output")
    .action(async (o: { project: string; output?: string }) => {
      const text = await client().text("GET", `${project(o.project)}/pipeline`, { headers: { accept: "application/yaml" } });
      if (o.output) {
        fs.writeFileSync(o.output, text);
        io.err(`Wrote ${o.output}`);
      } else io.out(text.trimEnd());
    });

  const cases = root.command("cases").description("the test-case library as CSV");
  cases
    .command("import")
    .description(
      "import a CSV of test cases (Shiproom's columns or TestRail's CSV export; needs cases:write): a preview of what it would create and update and every row's problem; --apply writes it, all or nothing. Exits 1 on problems",
    )
    .requiredOption("--project <key>", "the project's slug or key")
    .argument("<file>", "the CSV file")
    .option("--apply", "import it (default: only the preview)")
    .addOption(json())
    .action(async (file: string, o: { project: string; apply?: boolean; json?: boolean }) => {
      let size: number;
      try {
        size = fs.statSync(file).size;
      } catch (error) {
        throw new CliError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
      }
      const result = await client().request<CaseImportDto>("POST", `${project(o.project)}/cases/import`, {
        query: { apply: o.apply ? "true" : undefined },
        body: () => Readable.toWeb(fs.createReadStream(file)) as unknown as ReadableStream<Uint8Array>,
        headers: { "content-type": "text/csv", "content-length": String(size) },
      });
      print(Boolean(o.json), result, () => caseImportText(result, path.basename(file)));
      if (result.problemCount > 0) throw new CliError(`${plural(result.problemCount, "problem")}: nothing was imported.`);
    });
  cases
    .command("export")
    .description("write the library, or the part the options select, as CSV in the import's columns (needs read)")
    .requiredOption("--project <key>", "the project's slug or key")
    .option("--suite <path>", 'only this suite, by name or path ("Checkout / Payments"); "none" for cases in no suite')
    .option("--tag <tag>", "only cases with this tag (repeatable)", (value: string, all: string[] = []) => [...all, value])
    .option(
      "--priority <priority>",
      "only this priority: LOW, MEDIUM, HIGH or CRITICAL (repeatable)",
      (value: string, all: string[] = []) => [...all, value.toUpperCase()],
    )
    .addOption(new Option("--kind <kind>", "only manual or automated cases").choices(["MANUAL", "AUTOMATED"]))
    .option("-q, --query <words>", "only cases matching these words")
    .option("--output <file>", "write to this file instead of standard output")
    .action(
      async (o: {
        project: string;
        suite?: string;
        tag?: string[];
        priority?: string[];
        kind?: string;
        query?: string;
        output?: string;
      }) => {
        const api = client();
        let suite: string | undefined;
        if (o.suite)
          suite = o.suite === "none" ? "none" : suiteIdOf(await api.request<Suite[]>("GET", `${project(o.project)}/suites`), o.suite);
        const url = new URLSearchParams();
        if (o.query) url.set("q", o.query);
        if (suite) url.set("suite", suite);
        for (const tag of o.tag ?? []) url.append("tag", tag);
        for (const priority of o.priority ?? []) url.append("priority", priority);
        if (o.kind) url.set("kind", o.kind);
        const text = await api.text("GET", `${project(o.project)}/cases/export${url.size ? `?${url}` : ""}`, {
          headers: { accept: "text/csv" },
        });
        if (o.output) {
          fs.writeFileSync(o.output, text);
          io.err(`Wrote ${o.output}`);
        } else io.out(text.trimEnd());
      },
    );

  const audit = root.command("audit").description("the audit trail");
  audit
    .command("verify")
    .description("check the hash chain of the whole audit trail (needs audit:read); exits 1 when it was tampered with")
    .addOption(json())
    .action(async (o: { json?: boolean }) => {
      const result = await client().request<Verification>("GET", "/audit/verify");
      print(Boolean(o.json), result, () =>
        result.ok
          ? `The audit trail is intact: ${result.checked} events checked in ${result.ms} ms. Head: #${result.head?.seq ?? "-"} ${result.head?.hash ?? ""}`
          : [
              `The audit trail was tampered with (${plural(result.problems.length, "problem")}):`,
              ...result.problems.map((p) => `  ${p.message}`),
            ].join("\n"),
      );
      if (!result.ok) throw new CliError("Verification failed.");
    });
  audit
    .command("export")
    .description("the audit trail as JSON Lines or CSV (needs audit:read; a token gets its project's)")
    .addOption(new Option("--format <format>", "jsonl or csv").choices(["jsonl", "csv"]).default("jsonl"))
    .option("--action <action>", "only this action, or a prefix ending in a dot (deployment.)")
    .option("--since <time>", "only events from this time on (ISO 8601)")
    .action(async (o: { format: string; action?: string; since?: string }) => {
      const text = await client().text("GET", "/audit/export", { query: { format: o.format, action: o.action, from: o.since } });
      if (text) io.out(text.trimEnd());
    });

  return root;
}

type Plan = { project: string; revision: string; changes: PipelineChange[] };
type Suite = { id: string; name: string; parentId: string | null };

/** A suite by its path ("Checkout / Payments", any letter case) or, when one only has it, its name. */
function suiteIdOf(suites: Suite[], wanted: string): string {
  const byId = new Map(suites.map((s) => [s.id, s]));
  const pathOf = (suite: Suite): string => {
    const names = [suite.name];
    for (
      let at = suite.parentId ? byId.get(suite.parentId) : undefined;
      at && names.length < 50;
      at = at.parentId ? byId.get(at.parentId) : undefined
    )
      names.unshift(at.name);
    return names.join(" / ").toLowerCase();
  };
  const key = wanted
    .split("/")
    .map((name) => name.trim())
    .join(" / ")
    .toLowerCase();
  const matches = suites.filter((suite) => pathOf(suite) === key);
  const named = matches.length ? matches : suites.filter((suite) => suite.name.toLowerCase() === key);
  if (named.length === 1) return named[0]!.id;
  if (named.length > 1) throw new CliError(`Several suites are named ${wanted}: give its path, like ${pathOf(named[0]!)}`, 2);
  throw new CliError(`No suite ${wanted} in this project`, 2);
}

function caseImportText(result: CaseImportDto, file: string): string {
  const counts = `${result.create} to create, ${result.update} to update, ${result.unchanged} unchanged`;
  return [
    `${file}: ${plural(result.rows, "row")}${result.format === "testrail" ? " (TestRail)" : ""}: ${
      result.applied ? counts.replace("to create", "created").replace("to update", "updated") : counts
    }`,
    ...(result.newSuites.length ? [`New suites: ${result.newSuites.join(", ")}`] : []),
    ...(result.ignoredColumns.length ? [`Columns not read: ${result.ignoredColumns.join(", ")}`] : []),
    ...result.problems.map((p) => `  row ${p.row}${p.column ? `, ${p.column}` : ""}: ${p.message}`),
    ...(result.problemCount > result.problems.length ? [`  … and ${result.problemCount - result.problems.length} more`] : []),
    ...(result.applied || result.problemCount > 0 ? [] : ["Preview only: run again with --apply to import."]),
  ].join("\n");
}
type Verification = {
  ok: boolean;
  checked: number;
  ms: number;
  head: { seq: string; hash: string } | null;
  problems: { message: string }[];
};

/** The last commit that touched the file, when it is in a git repository and unchanged since. */
function lastCommit(file: string): string | undefined {
  try {
    const cwd = path.dirname(path.resolve(file));
    const run = (args: string[]) =>
      execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "ignore"] })
        .toString()
        .trim();
    if (run(["status", "--porcelain", "--", path.basename(file)]) !== "") return undefined;
    return run(["log", "-1", "--format=%H", "--", path.basename(file)]) || undefined;
  } catch {
    return undefined;
  }
}

export async function main(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  const cli = program(env, io).exitOverride();
  for (const command of cli.commands.flatMap((c) => [c, ...c.commands])) command.exitOverride();
  try {
    await cli.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    const e = error as { code?: string; exitCode?: number };
    // Commander reports bad usage (a missing option or argument, an unknown command) with exit code
    // 1; bad usage is 2 here, so a pipeline can tell it from a refusal.
    if (e.code?.startsWith("commander.")) return e.code === "commander.helpDisplayed" || e.code === "commander.version" ? 0 : 2;
    if (error instanceof CliError) {
      io.err(`shiproom: ${error.message}`);
      return error.exitCode;
    }
    io.err(`shiproom: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** A folder named on the command line, as its real path; a usage error when it is none. */
function folder(dir: string): string {
  try {
    const real = fs.realpathSync(dir);
    if (fs.statSync(real).isDirectory()) return real;
  } catch {
    // Said below.
  }
  throw new CliError(`--attachments ${dir}: no such folder`, 2);
}

type FoundAttachment = { reference: string; file: string; bytes: number };

/**
 * The files a report names as attachments, found under `root` and nowhere else: the path itself
 * when it lies in the folder, else the path taken as relative to the folder, else its end (the
 * last two segments, then the last one) under the folder, for reports written on another machine
 * (/home/runner/work/app/test-results/shot.png is found as test-results/shot.png).
 */
async function attachmentsOf(report: string, root: string): Promise<{ found: FoundAttachment[]; missing: string[] }> {
  const named = new Set<string>();
  try {
    await parseJunit(fs.createReadStream(report), JUNIT_LIMITS, async (cases) => {
      for (const test of cases) for (const reference of test.attachments) named.add(reference);
    });
  } catch {
    // A report the server will refuse, and say why: nothing to attach.
    return { found: [], missing: [] };
  }
  const inside = (candidate: string): string | null => {
    try {
      const real = fs.realpathSync(candidate);
      return (real === root || real.startsWith(root + path.sep)) && fs.statSync(real).isFile() ? real : null;
    } catch {
      return null;
    }
  };
  const found: FoundAttachment[] = [];
  const missing: string[] = [];
  for (const reference of named) {
    const segments = reference.split(/[\\/]/).filter((segment) => segment && !/^[A-Za-z]:$/.test(segment));
    const candidates = [
      ...(path.isAbsolute(reference) ? [reference] : []),
      ...segments.map((_, i) => path.join(root, ...segments.slice(i))),
    ];
    const file = candidates.map(inside).find((real) => real !== null);
    if (file) found.push({ reference, file, bytes: fs.statSync(file).size });
    else missing.push(reference);
  }
  const tooLarge = found.find((one) => one.bytes > MAX_ATTACHMENT_BYTES);
  if (tooLarge)
    throw new CliError(
      `${tooLarge.reference} is ${formatBytes(tooLarge.bytes)}: an attachment holds at most ${formatBytes(MAX_ATTACHMENT_BYTES)}`,
      2,
    );
  if (found.length > MAX_UPLOAD_FILES)
    throw new CliError(`${path.basename(report)} names ${found.length} files: an upload carries at most ${MAX_UPLOAD_FILES}`, 2);
  return { found, missing };
}

/** The report and its files as one multipart/form-data body, each file read from disk as it is sent. */
async function multipartReport(report: string, found: FoundAttachment[]): Promise<FormData> {
  const form = new FormData();
  form.append("report", await fs.openAsBlob(report, { type: "application/xml" }), path.basename(report));
  for (const { reference, file } of found) form.append("attachment", await fs.openAsBlob(file), reference);
  return form;
}
