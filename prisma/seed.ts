// First-start data. The embedded demo gets a demo team with a little history; a real
// PostgreSQL gets only the first admin named by SHIPROOM_ADMIN_EMAIL/PASSWORD.
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { CHANGE, transaction } from "@/lib/db/transaction";
import { db } from "@/lib/db/client";
import { DEMO_MEMBERS, DEMO_PASSWORD } from "@/lib/demo/team";
import type { Role } from "@/lib/generated/prisma/enums";
import { createMember } from "@/lib/members/mutations";
import { createProject } from "@/lib/projects/mutations";
import { createCase, createSuite } from "@/lib/test-cases/mutations";
import type { CaseInput } from "@/lib/test-cases/schemas";
import { createRun, recordResult, signOffRun } from "@/lib/test-runs/mutations";
import { getRun } from "@/lib/test-runs/queries";

const seeder: Actor = { kind: "SYSTEM", id: null, label: "Shiproom setup", roles: ["ADMIN"] };

const DAY = 24 * 60 * 60 * 1000;

type Who = { id: string; name: string; email: string; roles: Role[] };

function actorOf(member: Who): Actor {
  return { kind: "MEMBER", id: member.id, label: `${member.name} <${member.email}>`, roles: member.roles };
}

/** A release that travelled the pipeline in the past: registered, promoted, approved, deployed. */
async function pastRelease(
  projectId: string,
  envs: { id: string; name: string }[],
  release: { version: string; commitSha: string; notes: string; at: Date; author: Who },
  journey: { env: string; requester: Who; approvers: Who[]; deployer: Who; hoursLater: number }[],
) {
  await transaction(async (tx) => {
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
      const doneAt = new Date(requestedAt.getTime() + 20 * 60_000);
      // The release running there until now is superseded by this one.
      const previous = await tx.deployment.findFirst({ where: { environmentId: env.id, status: "SUCCEEDED" } });
      if (previous) await tx.deployment.update({ where: { id: previous.id }, data: { status: "SUPERSEDED" } });
      const project = await tx.project.update({ where: { id: projectId }, data: { deploySeq: { increment: 1 } } });
      const deployment = await tx.deployment.create({
        data: {
          projectId,
          number: project.deploySeq,
          environmentId: env.id,
          releaseId: created.id,
          status: "SUCCEEDED",
          requestedByKind: "MEMBER",
          requestedById: step.requester.id,
          createdAt: requestedAt,
          decidedAt: requestedAt,
          startedAt: requestedAt,
          finishedAt: doneAt,
          succeededAt: doneAt,
          approvals: {
            create: step.approvers.map((approver) => ({
              memberId: approver.id,
              decision: "APPROVE" as const,
              roles: approver.roles,
              comment: "Looks good",
              createdAt: requestedAt,
            })),
          },
        },
      });
      if (previous) await tx.deployment.update({ where: { id: previous.id }, data: { supersededById: deployment.id } });
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
      for (const approver of step.approvers) await audit(approver, "deployment.approval_given", requestedAt, "Looks good");
      await audit(step.approvers.at(-1) ?? step.requester, "deployment.approved", requestedAt);
      await audit(step.deployer, "deployment.succeeded", doneAt);
    }
  }, CHANGE);
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

/** Suites, the library, and a signed-off staging run for each past release, made as people would. */
async function seedTestManagement(slug: string, versions: string[], qa: Who) {
  const qaActor = actorOf(qa);
  const suites = new Map<string, string>();
  for (const name of ["Cart", "Checkout", "Accounts"]) {
    const created = await createSuite(qaActor, slug, { name });
    suites.set(name, created.find((s) => s.name === name)!.id);
  }
  const payments = await createSuite(qaActor, slug, { name: "Payments", parentId: suites.get("Checkout")! });
  suites.set("Payments", payments.find((s) => s.name === "Payments")!.id);
  for (const { suite, ...fields } of DEMO_CASES) await createCase(qaActor, slug, { ...fields, suiteId: suites.get(suite)! });
  for (const version of versions) {
    const run = await createRun(qaActor, slug, { release: version, environment: "staging", all: true });
    for (const result of (await getRun(run.id)).results) await recordResult(qaActor, run.id, result.id, { status: "PASSED" });
    await signOffRun(qaActor, run.id, { decision: "SIGNED_OFF", comment: "Regression on staging passed" });
  }
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
  // A holiday freeze a few weeks ahead, to show what freezes look like.
  await db().freezeWindow.create({
    data: {
      environmentId: production.id,
      kind: "ONE_OFF",
      label: "Holiday freeze",
      timeZone: "Europe/Berlin",
      startsAt: new Date(Date.now() + 24 * DAY),
      endsAt: new Date(Date.now() + 38 * DAY),
    },
  });

  const now = Date.now();
  const envs = project.environments;
  const history = [
    { version: "v1.3.0", commitSha: "9f2c1e7a4b", notes: "Saved carts survive sign-in.", days: 12 },
    { version: "v1.3.1", commitSha: "1b7d0c93e2", notes: "Fix rounding of discounts on multi-currency carts.", days: 7 },
    { version: "v1.3.2", commitSha: "c4e8a5f019", notes: "Faster order confirmation page.", days: 3 },
  ];
  for (const past of history) {
    await pastRelease(project.id, envs, { ...past, at: new Date(now - past.days * DAY), author: dev }, [
      { env: "dev", requester: dev, approvers: [], deployer: ops, hoursLater: 0.2 },
      { env: "staging", requester: dev, approvers: [], deployer: ops, hoursLater: 3 },
      { env: "production", requester: dev, approvers: [ops, admin], deployer: ops, hoursLater: 26 },
    ]);
  }
  await seedTestManagement(project.slug, history.map((past) => past.version).slice(-2), qa);
  return true;
}

/** On an empty non-demo database, creates the first admin from SHIPROOM_ADMIN_EMAIL/PASSWORD. */
export async function bootstrapAdmin(admin: { email: string; password: string } | undefined): Promise<"created" | "exists" | "missing"> {
  if ((await db().member.count()) > 0) return "exists";
  if (!admin) return "missing";
  await createMember(seeder, { name: admin.email.split("@")[0]!, email: admin.email, roles: ["ADMIN"], password: admin.password });
  return "created";
}
