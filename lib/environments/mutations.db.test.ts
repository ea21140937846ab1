import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { Conflict, Forbidden, ValidationFailed } from "@/lib/http/errors";
import { reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { createRelease } from "@/lib/releases/mutations";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { setupTestDatabase } from "@/lib/testing/db";
import { policyInput } from "@/lib/testing/policies";
import { updateEnvironmentPolicy } from "./mutations";
import { listEnvironmentPolicies } from "./queries";

setupTestDatabase();

const base = (version: number) => policyInput(version);

describe("environment policies", () => {
  test("an admin sets approval rules and freeze windows; the change is audited with before and after", async () => {
    const { slug, envs, admin } = await makePipeline();
    const updated = await updateEnvironmentPolicy(admin, slug, envs.production.id, {
      ...base(0),
      approvalRules: [
        { role: "OPS", minCount: 2 },
        { role: "QA", minCount: 1 },
      ],
      freezeWindows: [
        { kind: "WEEKLY", label: "Weekend", timeZone: "Europe/Berlin", startDay: 5, startTime: "16:00", endDay: 1, endTime: "08:00" },
        { kind: "ONE_OFF", label: "Black Friday", timeZone: "America/New_York", startsAt: "2026-11-27T00:00", endsAt: "2026-11-30T06:00" },
      ],
    });
    expect(updated.version).toBe(1);
    expect(updated.approvalRules).toEqual([
      { role: "QA", minCount: 1 },
      { role: "OPS", minCount: 2 },
    ]);
    expect(updated.freezeWindows.map((w) => w.description)).toEqual([
      "every Fri 16:00 → Mon 08:00 (Europe/Berlin)",
      "27 Nov 2026, 00:00 → 30 Nov 2026, 06:00 (America/New_York)",
    ]);
    const stored = await db().freezeWindow.findFirstOrThrow({ where: { environmentId: envs.production.id, kind: "ONE_OFF" } });
    expect(stored.startsAt?.toISOString()).toBe("2026-11-27T05:00:00.000Z");
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: envs.production.id, action: "environment.policy_changed" } });
    expect(audit.before).toMatchObject({ approvalRules: ["1×OPS"] });
    expect(audit.after).toMatchObject({ approvalRules: ["2×OPS", "1×QA"], freezeWindows: ["Weekend", "Black Friday"] });
  });

  test("only admins change policies; nothing changes otherwise", async () => {
    const { slug, envs } = await makePipeline();
    const ops = await makeActor(["OPS", "DEVELOPER", "QA"]);
    await expect(updateEnvironmentPolicy(ops, slug, envs.production.id, { ...base(0), approvalRules: [] })).rejects.toBeInstanceOf(
      Forbidden,
    );
    expect((await listEnvironmentPolicies(slug))[2]!.approvalRules).toEqual([{ role: "OPS", minCount: 1 }]);
  });

  test("a stale version is refused", async () => {
    const { slug, envs, admin } = await makePipeline();
    await updateEnvironmentPolicy(admin, slug, envs.staging.id, base(0));
    await expect(updateEnvironmentPolicy(admin, slug, envs.staging.id, { ...base(0), approvalRules: [] })).rejects.toBeInstanceOf(Conflict);
  });

  test("mistakes are named by their place in the policy", async () => {
    const { slug, envs, admin } = await makePipeline();
    const error = (await updateEnvironmentPolicy(admin, slug, envs.production.id, {
      ...base(0),
      approvalRules: [
        { role: "OPS", minCount: 1 },
        { role: "OPS", minCount: 0 },
      ],
      freezeWindows: [
        { kind: "WEEKLY", label: "", timeZone: "Mars/Olympus", startDay: 8, startTime: "25:00", endDay: 1, endTime: "08:00" },
        { kind: "ONE_OFF", label: "Backwards", timeZone: "UTC", startsAt: "2026-12-02T00:00", endsAt: "2026-12-01T00:00" },
      ],
    }).catch((e: unknown) => e)) as ValidationFailed;
    expect(error).toBeInstanceOf(ValidationFailed);
    expect(Object.fromEntries(error.fieldErrors.map((e) => [e.field, e.message]))).toMatchObject({
      "approvalRules.1.minCount": "At least 1",
      "freezeWindows.0.label": "Name the freeze",
      "freezeWindows.0.timeZone": 'Unknown time zone "Mars/Olympus" (use an IANA name like Europe/Berlin)',
      "freezeWindows.0.startDay": "Choose a day from 1 (Monday) to 7 (Sunday)",
      "freezeWindows.0.startTime": "Use HH:MM, like 16:00",
    });
    const duplicate = (await updateEnvironmentPolicy(admin, slug, envs.production.id, {
      ...base(0),
      approvalRules: [
        { role: "OPS", minCount: 1 },
        { role: "OPS", minCount: 2 },
      ],
    }).catch((e: unknown) => e)) as ValidationFailed;
    expect(duplicate.fieldErrors).toEqual([{ field: "approvalRules.1.role", message: "OPS appears twice: use one rule per role" }]);
    const backwards = (await updateEnvironmentPolicy(admin, slug, envs.production.id, {
      ...base(0),
      freezeWindows: [{ kind: "ONE_OFF", label: "Backwards", timeZone: "UTC", startsAt: "2026-12-02T00:00", endsAt: "2026-12-01T00:00" }],
    }).catch((e: unknown) => e)) as ValidationFailed;
    expect(backwards.fieldErrors).toEqual([{ field: "freezeWindows.0.endsAt", message: "Must be after the start" }]);
  });

  test("loosening a policy lets the promotion waiting there through", async () => {
    const { slug, envs, admin } = await makePipeline({ staging: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
    const dev = await makeActor(["DEVELOPER"]);
    const ops = await makeActor(["OPS"]);
    await createRelease(dev, slug, { version: "v9", commitSha: "abcdef1" });
    await reportDeployment(ops, (await db().deployment.findFirstOrThrow({ where: { environmentId: envs.dev.id } })).id, {
      status: "succeeded",
    });
    const waiting = await requestPromotion(dev, slug, { release: "v9", environment: "staging" });
    expect(waiting.status).toBe("AWAITING_GATES");
    const current = (await listEnvironmentPolicies(slug))[1]!;
    await updateEnvironmentPolicy(admin, slug, envs.staging.id, { ...base(current.version), approvalRules: [] });
    expect((await db().deployment.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("APPROVED");
  });
});
