import "server-only";
import { db } from "@/lib/db/client";
import { readHistory } from "@/lib/gitops/git";
import { NotFound, ValidationFailed } from "@/lib/http/errors";
import { isUuid, parseInput } from "@/lib/http/validation";
import { signOffStanding } from "@/lib/test-runs/policy";
import { NEWEST_RUN_FIRST, NEWEST_SIGN_OFF_FIRST } from "@/lib/test-runs/order";
import { compareUrlOf } from "./compare";
import { changesQuerySchema, type ChangesDto } from "./schemas";

/** Longest list of each kind shown; the rest is counted ("and 12 more"). */
const CHANGES_LIMIT = 50;

type ReleaseRow = { id: string; version: string; commitSha: string; createdAt: Date };
type Project = { id: string; slug: string; key: string; repository: string | null };

const refOf = (release: ReleaseRow) => ({
  version: release.version,
  commitSha: release.commitSha,
  createdAt: release.createdAt.toISOString(),
});
const releaseSelect = { id: true, version: true, commitSha: true, createdAt: true } as const;

/** Registered after one release and up to another (by registration, ties by id), not abandoned. */
async function releasesBetween(projectId: string, after: ReleaseRow | null, upTo: ReleaseRow) {
  const where = {
    projectId,
    abandonedAt: null,
    AND: [
      { OR: [{ createdAt: { lt: upTo.createdAt } }, { createdAt: upTo.createdAt, id: { lte: upTo.id } }] },
      ...(after ? [{ OR: [{ createdAt: { gt: after.createdAt } }, { createdAt: after.createdAt, id: { gt: after.id } }] }] : []),
    ],
  };
  const [total, rows] = await Promise.all([
    db().release.count({ where }),
    db().release.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: CHANGES_LIMIT,
      select: { ...releaseSelect, notes: true, createdBy: { select: { name: true } }, createdByToken: { select: { name: true } } },
    }),
  ]);
  return {
    total,
    items: rows.map((row) => ({
      ...refOf(row),
      notes: row.notes,
      createdBy: row.createdBy?.name ?? (row.createdByToken ? `token ${row.createdByToken.name}` : "someone"),
    })),
  };
}

/** The run whose results stand for a release in an environment: its newest with a valid sign-off, else its newest. */
async function evidenceRun(releaseId: string, environmentId: string) {
  const runs = await db().testRun.findMany({
    where: { releaseId, environmentId },
    orderBy: NEWEST_RUN_FIRST,
    select: {
      id: true,
      number: true,
      signOffs: {
        orderBy: NEWEST_SIGN_OFF_FIRST,
        take: 1,
        select: { decision: true, voidedAt: true, member: { select: { roles: true, deactivatedAt: true } } },
      },
    },
  });
  const valid = runs.find((run) => {
    const latest = run.signOffs[0];
    return latest && !latest.voidedAt && latest.decision === "SIGNED_OFF" && !signOffStanding(latest.member);
  });
  const run = valid ?? runs[0];
  if (!run) return null;
  const results = await db().testResult.findMany({
    where: { runId: run.id },
    select: { caseId: true, status: true, flaky: true, testCase: { select: { number: true, title: true } } },
  });
  return { id: run.id, number: run.number, signedOff: Boolean(valid), results };
}

async function testDeltas(
  project: Project,
  environment: { id: string; name: string } | null,
  candidate: ReleaseRow,
  running: ReleaseRow | null,
) {
  const empty = { total: 0, items: [] };
  const none = {
    environment: null,
    candidateRun: null,
    runningRun: null,
    newlyFailing: empty,
    newlyPassing: empty,
    flaky: empty,
    notRun: empty,
  };
  if (!environment) return none;
  const same = running?.id === candidate.id;
  const [now, other] = await Promise.all([
    evidenceRun(candidate.id, environment.id),
    running && !same ? evidenceRun(running.id, environment.id) : null,
  ]);
  // The release compared with itself (it runs there already): the same run on both sides.
  const before = same ? now : other;
  const runRef = (run: Awaited<ReturnType<typeof evidenceRun>>) =>
    run ? { number: run.number, href: `/projects/${project.slug}/runs/${run.id}`, signedOff: run.signedOff } : null;
  const caseOf = (testCase: { number: number; title: string }) => ({
    key: `${project.key}-${testCase.number}`,
    title: testCase.title,
    href: `/projects/${project.slug}/cases/${project.key}-${testCase.number}`,
  });
  type Result = NonNullable<typeof now>["results"][number];
  const list = (results: Result[]) => {
    const sorted = [...results].sort((a, b) => a.testCase.number - b.testCase.number);
    return { total: sorted.length, items: sorted.slice(0, CHANGES_LIMIT).map((r) => caseOf(r.testCase)) };
  };
  const earlier = new Map((before?.results ?? []).map((r) => [r.caseId, r]));
  const current = now?.results ?? [];
  const inCurrent = new Set(current.map((r) => r.caseId));
  const notRun = [
    ...current.filter((r) => r.status === "UNTESTED" || r.status === "SKIPPED"),
    // Cases the running release's run held that this release's run left out.
    ...(before?.results ?? []).filter((r) => !inCurrent.has(r.caseId)),
  ];
  return {
    environment: environment.name,
    candidateRun: runRef(now),
    runningRun: runRef(before),
    newlyFailing: list(current.filter((r) => r.status === "FAILED" && earlier.get(r.caseId)?.status !== "FAILED")),
    newlyPassing: list(current.filter((r) => r.status === "PASSED" && earlier.get(r.caseId)?.status === "FAILED")),
    flaky: list(current.filter((r) => r.flaky)),
    notRun: list(notRun),
  };
}

async function changesOf(
  project: Project,
  release: ReleaseRow,
  environment: { id: string; name: string; position: number; signOffEnvironmentId: string | null },
): Promise<ChangesDto> {
  const deployment = await db().deployment.findFirst({
    where: { environmentId: environment.id, status: "SUCCEEDED" },
    orderBy: { succeededAt: "desc" },
    select: { release: { select: releaseSelect } },
  });
  const running = deployment?.release ?? null;
  const order = (a: ReleaseRow, b: ReleaseRow) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id);
  const direction = !running || order(release, running) > 0 ? "forward" : running.id === release.id ? "same" : "back";
  // Going back, the releases and commits listed are the ones taken out.
  const [older, newer] = direction === "back" ? [release, running!] : [running, release];
  const releases = direction === "same" ? { total: 0, items: [] } : await releasesBetween(project.id, older, newer);

  let commits: ChangesDto["commits"] = { state: "no-repository" };
  if (project.repository) {
    const history = await readHistory(
      project.repository,
      direction === "same" ? release.commitSha : (older?.commitSha ?? null),
      newer.commitSha,
      CHANGES_LIMIT,
    );
    commits =
      history.kind === "listed"
        ? { state: "listed", total: history.total, items: history.commits }
        : history.kind === "unknown-sha"
          ? { state: "unknown-sha", sha: history.sha }
          : { state: "unavailable", reason: history.reason };
  }
  const compareUrl =
    project.repository && older && direction !== "same" ? compareUrlOf(project.repository, older.commitSha, newer.commitSha) : null;

  // The evidence comes from where the target's policy asks for QA's sign-off, else from the environment before it.
  const evidenceIn = environment.signOffEnvironmentId
    ? await db().environment.findUnique({ where: { id: environment.signOffEnvironmentId }, select: { id: true, name: true } })
    : await db().environment.findFirst({
        where: { projectId: project.id, position: { lt: environment.position } },
        orderBy: { position: "desc" },
        select: { id: true, name: true },
      });
  return {
    release: refOf(release),
    environment: environment.name,
    running: running ? refOf(running) : null,
    direction,
    releases,
    commits,
    compareUrl,
    tests: await testDeltas(project, evidenceIn, release, running),
  };
}

const projectSelect = { id: true, slug: true, key: true, repository: true } as const;
const environmentSelect = { id: true, name: true, position: true, signOffEnvironmentId: true } as const;

/** What promoting `version` into the environment named `to` changes against what runs there now. */
export async function getReleaseChanges(slug: string, version: string, query: unknown): Promise<ChangesDto> {
  const { to } = parseInput(changesQuerySchema, query);
  const project = await db().project.findFirst({ where: { slug, archivedAt: null }, select: projectSelect });
  if (!project) throw new NotFound("Project");
  const release = await db().release.findFirst({ where: { projectId: project.id, version }, select: releaseSelect });
  if (!release) throw new NotFound(`Release ${version}`);
  const environment = await db().environment.findFirst({ where: { projectId: project.id, name: to }, select: environmentSelect });
  if (!environment) throw new ValidationFailed([{ field: "to", message: `${slug} has no environment named ${to}` }]);
  return changesOf(project, release, environment);
}

/** What a promotion changes against what runs in its environment now. */
export async function getPromotionChanges(id: string): Promise<ChangesDto> {
  if (!isUuid(id)) throw new NotFound("Promotion");
  const promotion = await db().deployment.findUnique({
    where: { id },
    select: { project: { select: projectSelect }, release: { select: releaseSelect }, environment: { select: environmentSelect } },
  });
  if (!promotion) throw new NotFound("Promotion");
  return changesOf(promotion.project, promotion.release, promotion.environment);
}
