// What the database itself guarantees, whatever code writes to it.
import { describe, expect, test } from "vitest";
import { makeMember, unique } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";

const database = setupTestDatabase();

async function makeProjectWithEnv() {
  const project = await database.prisma.project.create({
    data: { slug: unique("p-"), key: unique("K").toUpperCase().slice(0, 10), name: "P" },
  });
  const env = await database.prisma.environment.create({ data: { projectId: project.id, name: "staging", position: 0 } });
  return { project, env };
}

describe("database invariants", () => {
  test("a release cannot be edited in place", async () => {
    const { project } = await makeProjectWithEnv();
    const release = await database.prisma.release.create({ data: { projectId: project.id, version: "1.0.0", commitSha: "abc123" } });
    await expect(database.prisma.release.update({ where: { id: release.id }, data: { commitSha: "def456" } })).rejects.toThrow(/immutable/);
    await expect(database.prisma.release.update({ where: { id: release.id }, data: { notes: "changed" } })).rejects.toThrow(/immutable/);
    const unchanged = await database.prisma.release.findUniqueOrThrow({ where: { id: release.id } });
    expect(unchanged.commitSha).toBe("abc123");
  });

  test("a release can be abandoned once, and only once", async () => {
    const { project } = await makeProjectWithEnv();
    const release = await database.prisma.release.create({ data: { projectId: project.id, version: "2.0.0", commitSha: "abc" } });
    await database.prisma.release.update({ where: { id: release.id }, data: { abandonedAt: new Date(), abandonReason: "wrong build" } });
    await expect(database.prisma.release.update({ where: { id: release.id }, data: { abandonReason: "rewritten" } })).rejects.toThrow(
      /already abandoned/,
    );
  });

  test("versions are unique per project", async () => {
    const { project } = await makeProjectWithEnv();
    await database.prisma.release.create({ data: { projectId: project.id, version: "3.0.0", commitSha: "a" } });
    await expect(database.prisma.release.create({ data: { projectId: project.id, version: "3.0.0", commitSha: "b" } })).rejects.toThrow();
  });

  test("an environment has at most one running release and one deployment in flight", async () => {
    const { project, env } = await makeProjectWithEnv();
    const member = await makeMember(["OPS"]);
    const [r1, r2] = await Promise.all(
      ["4.0.0", "4.0.1"].map((version) => database.prisma.release.create({ data: { projectId: project.id, version, commitSha: "c" } })),
    );
    const base = { projectId: project.id, environmentId: env.id, requestedByKind: "MEMBER" as const, requestedById: member.id };
    await database.prisma.deployment.create({ data: { ...base, number: 1, releaseId: r1!.id, status: "SUCCEEDED" } });
    await expect(
      database.prisma.deployment.create({ data: { ...base, number: 2, releaseId: r2!.id, status: "SUCCEEDED" } }),
    ).rejects.toThrow();
    await database.prisma.deployment.create({ data: { ...base, number: 3, releaseId: r2!.id, status: "DEPLOYING" } });
    await expect(
      database.prisma.deployment.create({ data: { ...base, number: 4, releaseId: r2!.id, status: "APPROVED" } }),
    ).rejects.toThrow();
    await database.prisma.deployment.create({ data: { ...base, number: 5, releaseId: r2!.id, status: "AWAITING_GATES" } });
    await expect(
      database.prisma.deployment.create({ data: { ...base, number: 6, releaseId: r1!.id, status: "REQUESTED" } }),
    ).rejects.toThrow();
  });

  test("a member decides once per promotion", async () => {
    const { project, env } = await makeProjectWithEnv();
    const member = await makeMember(["OPS"]);
    const release = await database.prisma.release.create({ data: { projectId: project.id, version: "5.0.0", commitSha: "c" } });
    const deployment = await database.prisma.deployment.create({
      data: { projectId: project.id, environmentId: env.id, releaseId: release.id, number: 1, requestedByKind: "AUTOMATION" },
    });
    await database.prisma.approval.create({
      data: { deploymentId: deployment.id, memberId: member.id, decision: "APPROVE", roles: ["OPS"] },
    });
    await expect(
      database.prisma.approval.create({ data: { deploymentId: deployment.id, memberId: member.id, decision: "APPROVE", roles: ["OPS"] } }),
    ).rejects.toThrow();
  });

  test("an approval rule needs between 1 and 50 approvals", async () => {
    const { env } = await makeProjectWithEnv();
    await expect(database.prisma.approvalRule.create({ data: { environmentId: env.id, role: "OPS", minCount: 0 } })).rejects.toThrow();
  });
});
