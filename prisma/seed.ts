// First-start data. The embedded demo gets a demo team with a little history; a real
// PostgreSQL gets only the first admin named by SHIPROOM_ADMIN_EMAIL/PASSWORD.
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { BULK, CHANGE, transaction } from "@/lib/db/transaction";
import { db, type Tx } from "@/lib/db/client";
import { DEMO_MEMBERS, DEMO_PASSWORD } from "@/lib/demo/team";
import type { Role } from "@/lib/generated/prisma/enums";
import { createMember } from "@/lib/members/mutations";
import { createProject } from "@/lib/projects/mutations";
import { settleAfterSignOff } from "@/lib/promotions/workflow";
import { createCase, createSuite } from "@/lib/test-cases/mutations";
import type { CaseInput } from "@/lib/test-cases/schemas";
import { createRun, recordResult, signOffRun } from "@/lib/test-runs/mutations";
import { getRun } from "@/lib/test-runs/queries";

const seeder: Actor = { kind: "SYSTEM", id: null, label: "Shiproom", roles: ["ADMIN"] };

const DAY = 24 * 60 * 60 * 1000;

type Who = { id: string; name: string; email: string; roles: Role[] };

function actorOf(member: Who): Actor {
  return { kind: "MEMBER", id: member.id, label: `${member.name} <${member.email}>`, roles: member.roles };
}

/**
 * A promotion in a past release's journey: requested hoursLater after registration, approved after
 * waitHours (of which a freeze held it freezeHours), then it succeeded (or failed).
 */
type Step = {
  env: string;
  requester: Who;
  approvers: Who[];
  deployer: Who;
  hoursLater: number;
  waitHours?: number;
  freezeHours?: number;
  failed?: boolean;
};

/** A release that travelled the pipeline in the past: registered, promoted, approved, deployed. Returns its id. */
async function pastRelease(
  tx: Tx,
  projectId: string,
  envs: { id: string; name: string }[],
  release: { version: string; commitSha: string; notes: string; at: Date; author: Who },
  journey: Step[],
): Promise<string> {
  const created = await tx.release.create({
    data: {
      projectId,
      version: release.version,
      commitSha: release.commitSha,
      notes: release.notes,
      createdById: release.author.id,
      createdAt: release.at,
    },
  });
  await recordAudit(tx, actorOf(release.author), {
    action: "release.created",
    objectType: "release",
    objectId: created.id,
    projectId,
    after: { version: created.version, commitSha: created.commitSha },
    occurredAt: release.at,
  });
  for (const step of journey) {
    const env = envs.find((e) => e.name === step.env)!;
    const requestedAt = new Date(release.at.getTime() + step.hoursLater * 3600_000);
    const approvedAt = new Date(requestedAt.getTime() + (step.waitHours ?? 0) * 3600_000);
    const doneAt = new Date(approvedAt.getTime() + 20 * 60_000);
    // The release running there until now is superseded by this one (unless this one failed).
    const previous = step.failed ? null : await tx.deployment.findFirst({ where: { environmentId: env.id, status: "SUCCEEDED" } });
    if (previous) await tx.deployment.update({ where: { id: previous.id }, data: { status: "SUPERSEDED" } });
    const project = await tx.project.update({ where: { id: projectId }, data: { deploySeq: { increment: 1 } } });
    const deployment = await tx.deployment.create({
      data: {
        projectId,
        number: project.deploySeq,
        environmentId: env.id,
        releaseId: created.id,
        status: step.failed ? "FAILED" : "SUCCEEDED",
        statusMessage: step.failed ? "Health check failed after the deploy: 5xx rate above 2 %" : null,
        requestedByKind: "MEMBER",
        requestedById: step.requester.id,
        createdAt: requestedAt,
        decidedAt: approvedAt,
        startedAt: approvedAt,
        finishedAt: doneAt,
        succeededAt: step.failed ? null : doneAt,
        freezeWaitSeconds: Math.round((step.freezeHours ?? 0) * 3600),
        approvals: {
          create: step.approvers.map((approver, i) => ({
            memberId: approver.id,
            decision: "APPROVE" as const,
            roles: approver.roles,
            comment: "Looks good",
            // The last approval completes the gate; earlier ones came along the wait.
            createdAt: i === step.approvers.length - 1 ? approvedAt : new Date((requestedAt.getTime() + approvedAt.getTime()) / 2),
          })),
        },
      },
    });
    if (previous) await tx.deployment.update({ where: { id: previous.id }, data: { supersededById: deployment.id } });
    // The freeze that held it, kept in the environment's policy as a window that has ended.
    if (step.freezeHours)
      await tx.freezeWindow.create({
        data: {
          environmentId: env.id,
          kind: "ONE_OFF",
          label: "Payment provider migration",
          timeZone: "Europe/Berlin",
          startsAt: new Date(requestedAt.getTime() - 2 * 3600_000),
          endsAt: new Date(requestedAt.getTime() + step.freezeHours * 3600_000),
          createdAt: new Date(requestedAt.getTime() - 3 * DAY),
        },
      });
    const after = { number: deployment.number, version: release.version, releaseId: created.id, environment: env.name };
    const audit = (actor: Who, action: string, occurredAt: Date, reason?: string) =>
      recordAudit(tx, actorOf(actor), {
        action,
        objectType: "deployment",
        objectId: deployment.id,
        projectId,
        reason,
        after,
        occurredAt,
      });
    await audit(step.requester, "deployment.requested", requestedAt);
    for (const approver of step.approvers) await audit(approver, "deployment.approval_given", approvedAt, "Looks good");
    await audit(step.approvers.at(-1) ?? step.requester, "deployment.approved", approvedAt);
    await audit(step.deployer, step.failed ? "deployment.failed" : "deployment.succeeded", doneAt);
  }
  return created.id;
}

/** A rollback in the past: ops put an earlier release back into an environment, with a reason, and it succeeded within the hour. */
async function pastRollback(tx: Tx, projectId: string, environmentId: string, releaseId: string, at: Date, ops: Who, reason: string) {
  const previous = await tx.deployment.findFirstOrThrow({ where: { environmentId, status: "SUCCEEDED" } });
  await tx.deployment.update({ where: { id: previous.id }, data: { status: "SUPERSEDED" } });
  const project = await tx.project.update({ where: { id: projectId }, data: { deploySeq: { increment: 1 } } });
  const doneAt = new Date(at.getTime() + 35 * 60_000);
  // Named in the audit trail as the workflow names them ("rolled production back to v1.2.4").
  const [release, environment] = await Promise.all([
    tx.release.findUniqueOrThrow({ where: { id: releaseId }, select: { version: true } }),
    tx.environment.findUniqueOrThrow({ where: { id: environmentId }, select: { name: true } }),
  ]);
  const rollback = await tx.deployment.create({
    data: {
      projectId,
      number: project.deploySeq,
      environmentId,
      releaseId,
      status: "SUCCEEDED",
      isRollback: true,
      reason,
      requestedByKind: "MEMBER",
      requestedById: ops.id,
      createdAt: at,
      decidedAt: at,
      startedAt: at,
      finishedAt: doneAt,
      succeededAt: doneAt,
    },
  });
  await tx.deployment.update({ where: { id: previous.id }, data: { supersededById: rollback.id } });
  for (const [action, occurredAt] of [
    ["deployment.rollback_requested", at],
    ["deployment.rolled_back", doneAt],
  ] as const)
    await recordAudit(tx, actorOf(ops), {
      action,
      objectType: "deployment",
      objectId: rollback.id,
      projectId,
      reason: action === "deployment.rollback_requested" ? reason : undefined,
      after: { number: rollback.number, version: release.version, releaseId, environment: environment.name, rollback: true },
      occurredAt,
    });
}

/**
 * Four months of checkout-service before the three recent releases, so that Insights has a past
 * to show: a release about every four days; production waits a few hours for its two approvals;
 * every seventh production deployment fails (the next release fixes it), and every ninth
 * succeeds but is rolled back a few hours later. Deterministic: the same demo on every start.
 */
async function seedPastMonths(projectId: string, envs: { id: string; name: string }[], team: Record<"dev" | "ops" | "admin", Who>) {
  const { dev, ops, admin } = team;
  const production = envs.find((env) => env.name === "production")!;
  const now = Date.now();
  let lastGood: string | null = null;
  // One transaction: the audit events are written together at its end.
  await transaction(async (tx) => {
    for (let i = 0; i < 26; i++) {
      const days = 118 - i * 4 - (i % 3);
      const version = `v1.${Math.floor(i / 10)}.${i % 10}`;
      const fails = i % 7 === 5;
      const rolledBack = !fails && i % 9 === 7;
      // Every sixth waited on a freeze of production (a window that has ended), approved half an hour after it at the latest.
      const frozen = i % 6 === 2 ? 14 + (i % 5) * 5 : 0;
      const id = await pastRelease(
        tx,
        projectId,
        envs,
        {
          version,
          commitSha: (0x1a2b3c4d5e + i * 7919).toString(16).slice(0, 10),
          notes: `Maintenance release ${version}.`,
          at: new Date(now - days * DAY),
          author: dev,
        },
        [
          { env: "dev", requester: dev, approvers: [], deployer: ops, hoursLater: 0.2 },
          { env: "staging", requester: dev, approvers: [], deployer: ops, hoursLater: 2 + (i % 4) },
          {
            env: "production",
            requester: dev,
            approvers: [ops, admin],
            deployer: ops,
            hoursLater: 20 + (i % 5) * 4,
            waitHours: Math.max(1 + ((i * 5) % 11), frozen + 0.5),
            freezeHours: frozen || undefined,
            failed: fails,
          },
        ],
      );
      if (rolledBack && lastGood) {
        const at = new Date(now - days * DAY + (20 + (i % 5) * 4 + 1 + ((i * 5) % 11) + 3) * 3600_000);
        await pastRollback(tx, projectId, production.id, lastGood, at, ops, "Checkout errors rose after the deploy");
      } else if (!fails) lastGood = id;
    }
  }, BULK);
}

type DemoCase = Omit<CaseInput, "suiteId"> & { suite: string };

/** A small shared library: CHK-1 is what lib/junit/fixtures/pytest.xml names explicitly. */
const DEMO_CASES: DemoCase[] = [
  {
    suite: "Cart",
    title: "Add an item to the cart",
    priority: "HIGH",
    tags: ["smoke"],
    steps: [
      { action: "Open a product page and press Add to cart", expected: "The cart badge shows 1" },
      { action: "Open the cart", expected: "The item is listed with its price" },
    ],
  },
  {
    suite: "Cart",
    title: "Remove an item from the cart",
    tags: ["smoke"],
    steps: [{ action: "In a cart with two items, remove one", expected: "One item remains; the total is updated" }],
  },
  {
    suite: "Cart",
    title: "The cart survives signing in",
    priority: "HIGH",
    steps: [
      { action: "As a guest, add two items", expected: "The cart shows two items" },
      { action: "Sign in", expected: "The same two items are in the cart" },
    ],
  },
  {
    suite: "Cart",
    title: "A discount code reduces the total",
    priority: "HIGH",
    tags: ["pricing"],
    steps: [
      { action: "Apply the code SAVE10 to a 50.00 EUR cart", expected: "The total is 45.00 EUR" },
      { action: "Apply SAVE10 again", expected: "It is refused: one code per order" },
    ],
  },
  {
    suite: "Checkout",
    title: "Guest checkout with a delivery address",
    priority: "CRITICAL",
    tags: ["smoke"],
    steps: [
      { action: "As a guest, check out and enter an address", expected: "The address is validated and kept" },
      { action: "Confirm the order", expected: "The confirmation page shows the order number" },
    ],
  },
  {
    suite: "Checkout",
    title: "The confirmation page shows the order",
    steps: [{ action: "Finish an order", expected: "Items, totals and delivery date are shown" }],
  },
  {
    suite: "Checkout",
    title: "The receipt email is sent",
    tags: ["email"],
    steps: [{ action: "Finish an order", expected: "A receipt email arrives within a minute" }],
  },
  {
    suite: "Payments",
    title: "Pay with a saved card",
    priority: "CRITICAL",
    tags: ["smoke", "payments"],
    steps: [
      { action: "Choose the saved Visa card", expected: "Only the CVC is asked for" },
      { action: "Pay", expected: "The payment is accepted" },
    ],
  },
  {
    suite: "Payments",
    title: "3-D Secure challenge",
    priority: "HIGH",
    tags: ["payments"],
    preconditions: "A test card that requires 3-D Secure",
    steps: [
      { action: "Pay with the card", expected: "The bank's challenge opens" },
      { action: "Pass the challenge", expected: "The order is placed" },
    ],
  },
  {
    suite: "Payments",
    title: "A declined card shows a clear message",
    tags: ["payments"],
    steps: [{ action: "Pay with a card that is declined", expected: "“Your bank declined the card” is shown; the cart is kept" }],
  },
  {
    suite: "Accounts",
    title: "Sign up with an email address",
    steps: [{ action: "Sign up with a new email", expected: "A confirmation email is sent" }],
  },
  {
    suite: "Accounts",
    title: "Reset a forgotten password",
    steps: [{ action: "Ask for a reset link", expected: "The link arrives and works once" }],
  },
];

/**
 * Suites, the library, CI's automated history (seedAutomatedHistory), and a signed-off staging run
 * of the manual suites for each recent release, made as people would.
 */
async function seedTestManagement(slug: string, projectId: string, versions: string[], qa: Who) {
  const qaActor = actorOf(qa);
  const suites = new Map<string, string>();
  for (const name of ["Cart", "Checkout", "Accounts", "Automated"]) {
    const created = await createSuite(qaActor, slug, { name });
    suites.set(name, created.find((s) => s.name === name)!.id);
  }
  const payments = await createSuite(qaActor, slug, { name: "Payments", parentId: suites.get("Checkout")! });
  suites.set("Payments", payments.find((s) => s.name === "Payments")!.id);
  for (const { suite, ...fields } of DEMO_CASES) await createCase(qaActor, slug, { ...fields, suiteId: suites.get(suite)! });
  await seedAutomatedHistory(slug, projectId, suites.get("Automated")!, qa);
  const manual = ["Cart", "Checkout", "Accounts"].map((name) => suites.get(name)!);
  for (const version of versions) {
    const run = await createRun(qaActor, slug, { release: version, environment: "staging", suites: manual });
    for (const result of (await getRun(run.id)).results) await recordResult(qaActor, run.id, result.id, { status: "PASSED" });
    await signOffRun(qaActor, run.id, { decision: "SIGNED_OFF", comment: "Regression on staging passed" }, settleAfterSignOff);
  }
}

/**
 * CI's automated tests and their runs on staging for every past release, so that Insights' test
 * health has something to show on a first look: the cart totals pass and slowly get slower; the
 * payment capture is flaky (failed, then passed on a retry) on every fourth release; the checkout
 * happy path fails now and then and passes again (unstable); the address autocomplete has failed
 * on every release of the last two weeks of that history. Written directly, as JUnit imports would
 * have left them (a result and its history per test). Deterministic: the same demo on every start.
 */
async function seedAutomatedHistory(slug: string, projectId: string, suiteId: string, qa: Who) {
  const qaActor = actorOf(qa);
  const tests = [
    { id: "shop.api.CartTest.totals", title: "Cart totals add up (API)", ms: (i: number) => 800 + i * 15, fails: () => false },
    { id: "shop.api.PaymentTest.capture", title: "Payment is captured (API)", ms: (i: number) => 2400 + (i % 3) * 300, fails: () => false },
    {
      id: "shop.ui.CheckoutTest.happyPath",
      title: "Checkout happy path (UI)",
      ms: (i: number) => 5200 + (i % 5) * 400,
      fails: (i: number) => [8, 10, 17, 19, 21].includes(i),
    },
    { id: "shop.ui.AddressTest.autocomplete", title: "Address autocomplete (UI)", ms: () => 1500, fails: (i: number) => i >= 23 },
    { id: "shop.api.OrderTest.confirmationEmail", title: "Order confirmation email is sent (API)", ms: () => 300, fails: () => false },
  ];
  const cases: { id: string; revision: number }[] = [];
  for (const test of tests) {
    const created = await createCase(qaActor, slug, { title: test.title, kind: "AUTOMATED", automationId: test.id, suiteId, tags: ["ci"] });
    cases.push({ id: created.id, revision: created.revision });
  }
  const staging = await db().environment.findFirstOrThrow({ where: { projectId, name: "staging" } });
  const releases = await db().release.findMany({ where: { projectId, version: { startsWith: "v1." } }, orderBy: { createdAt: "asc" } });
  await transaction(async (tx) => {
    for (const [i, release] of releases.slice(0, 26).entries()) {
      const { runSeq } = await tx.project.update({
        where: { id: projectId },
        data: { runSeq: { increment: 1 } },
        select: { runSeq: true },
      });
      const createdAt = new Date(release.createdAt.getTime() + (2 + (i % 4)) * 3600_000);
      const run = await tx.testRun.create({
        data: {
          projectId,
          number: runSeq,
          releaseId: release.id,
          environmentId: staging.id,
          name: `CI ${release.version}`,
          createdAt,
          closedAt: createdAt,
        },
      });
      const executedAt = new Date(createdAt.getTime() + 10 * 60_000);
      for (const [t, test] of tests.entries()) {
        const flaky = t === 1 && i % 4 === 1;
        const status: "FAILED" | "PASSED" = test.fails(i) ? "FAILED" : "PASSED";
        const result = await tx.testResult.create({
          data: {
            runId: run.id,
            caseId: cases[t]!.id,
            caseRevision: cases[t]!.revision,
            status,
            source: "IMPORT",
            flaky,
            note: flaky ? "flaky: passed on a retry" : status === "FAILED" ? "AssertionError" : null,
            durationMs: test.ms(i),
            executedById: qa.id,
            executedAt,
          },
        });
        await tx.testResultEvent.createMany({
          data: (flaky ? (["FAILED", "PASSED"] as const) : [status]).map((event, n) => ({
            resultId: result.id,
            status: event,
            source: "IMPORT" as const,
            flaky: flaky && event === "PASSED",
            durationMs: test.ms(i),
            actorKind: "MEMBER" as const,
            memberId: qa.id,
            createdAt: new Date(executedAt.getTime() + n * 1000),
          })),
        });
      }
    }
  }, BULK);
}

/** Seeds the demo team into an empty database; returns false when there was already data. */
export async function seedDemo(): Promise<boolean> {
  if ((await db().member.count()) > 0) return false;
  const members: Record<string, Who> = {};
  for (const demo of DEMO_MEMBERS) {
    const member = await createMember(seeder, { ...demo, password: DEMO_PASSWORD });
    members[demo.email.split("@")[0]!] = member;
  }
  const { dev, qa, ops, admin } = members as Record<"dev" | "qa" | "ops" | "admin", Who>;

  const project = await createProject(seeder, {
    name: "checkout-service",
    slug: "checkout-service",
    key: "CHK",
    description: "Cart, payment and order confirmation for the web shop.",
  });
  await createProject(seeder, {
    name: "payments-api",
    slug: "payments-api",
    key: "PAY",
    description: "Card and wallet payments behind the checkout.",
  });

  // Production: two approvals from ops, never by the requester or the release's author.
  const production = project.environments.find((env) => env.name === "production")!;
  await db().approvalRule.update({
    where: { environmentId_role: { environmentId: production.id, role: "OPS" } },
    data: { minCount: 2 },
  });
  // A holiday freeze five days ahead, to show what freezes look like: the board announces one a week
  // before it starts.
  await db().freezeWindow.create({
    data: {
      environmentId: production.id,
      kind: "ONE_OFF",
      label: "Holiday freeze",
      timeZone: "Europe/Berlin",
      startsAt: new Date(Date.now() + 5 * DAY),
      endsAt: new Date(Date.now() + 19 * DAY),
    },
  });

  const now = Date.now();
  const envs = project.environments;
  await seedPastMonths(project.id, envs, { dev, ops, admin });
  const history = [
    { version: "v1.3.0", commitSha: "9f2c1e7a4b", notes: "Saved carts survive sign-in.", days: 12 },
    { version: "v1.3.1", commitSha: "1b7d0c93e2", notes: "Fix rounding of discounts on multi-currency carts.", days: 7 },
    { version: "v1.3.2", commitSha: "c4e8a5f019", notes: "Faster order confirmation page.", days: 3 },
  ];
  for (const past of history) {
    await transaction(
      (tx) =>
        pastRelease(tx, project.id, envs, { ...past, at: new Date(now - past.days * DAY), author: dev }, [
          { env: "dev", requester: dev, approvers: [], deployer: ops, hoursLater: 0.2 },
          { env: "staging", requester: dev, approvers: [], deployer: ops, hoursLater: 3 },
          { env: "production", requester: dev, approvers: [ops, admin], deployer: ops, hoursLater: 26 },
        ]),
      CHANGE,
    );
  }
  await seedTestManagement(project.slug, project.id, history.map((past) => past.version).slice(-2), qa);
  return true;
}

/** On an empty non-demo database, creates the first admin from SHIPROOM_ADMIN_EMAIL/PASSWORD. */
export async function bootstrapAdmin(admin: { email: string; password: string } | undefined): Promise<"created" | "exists" | "missing"> {
  if ((await db().member.count()) > 0) return "exists";
  if (!admin) return "missing";
  await createMember(seeder, { name: admin.email.split("@")[0]!, email: admin.email, roles: ["ADMIN"], password: admin.password });
  return "created";
}
