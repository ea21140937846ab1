import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { ValidationFailed } from "@/lib/http/errors";
import { notificationKinds } from "@/lib/notifications/kinds";
import { listNotifications } from "@/lib/notifications/queries";
import { reportDeployment, requestPromotion } from "@/lib/promotions/mutations";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { sendDueEmails } from "./dispatcher";
import { queueDigests } from "./outbox";
import { getNotificationPreferences, unsubscribe, updateNotificationPreferences } from "./preferences";
import { unsubscribeToken } from "./unsubscribe";

setupTestDatabase();

// A real SMTP server on loopback: what arrives is read back with a real MIME parser.
const received: ParsedMail[] = [];
let server: SMTPServer;
let smtpUrl = "";
beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const to = (address: string) => received.filter((mail) => mail.to && !Array.isArray(mail.to) && mail.to.text === address);
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n\s+/g, " ");
const rows = (memberId: string) => db().emailMessage.findMany({ where: { memberId }, orderBy: { createdAt: "asc" } });

let version = 0;
/** A release through dev and staging, then requested into production (waiting on one from Ops). */
async function requestProduction() {
  const pipeline = await makePipeline({ production: { approvalRules: [{ role: "OPS", minCount: 1 }] } });
  const dev = await makeActor(["DEVELOPER"]);
  const deployer = await makeActor(["OPS"]);
  const v = `v1.${++version}.0`;
  await createRelease(dev, pipeline.slug, { version: v, commitSha: "abcdef1" });
  const inDev = await db().deployment.findFirstOrThrow({ where: { environmentId: pipeline.envs.dev.id } });
  await reportDeployment(deployer, inDev.id, { status: "succeeded" });
  const staging = await requestPromotion(dev, pipeline.slug, { release: v, environment: "staging" });
  await reportDeployment(deployer, staging.id, { status: "succeeded" });
  return { ...pipeline, dev, version: v, request: () => requestPromotion(dev, pipeline.slug, { release: v, environment: "production" }) };
}

describe("notification emails", () => {
  test("a developer requests production: both Ops members get an email with both parts, the link and one-click unsubscribe", async () => {
    const [olive, oscar] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    const { slug, dev, version: v, request } = await requestProduction();
    await request();

    const [oliveRow] = await rows(olive.id!);
    expect(oliveRow).toMatchObject({ kind: "approval.waiting", status: "PENDING", attempts: 0 });
    expect(await rows(oscar.id!)).toHaveLength(1);
    expect(await rows(dev.id!)).toHaveLength(0);

    expect(await sendDueEmails({ smtpUrl })).toBeGreaterThanOrEqual(2);
    for (const ops of [olive, oscar]) {
      const address = ops.label.replace(/^.*<|>$/g, "");
      const [mail] = to(address);
      expect(mail, address).toBeDefined();
      expect(mail!.subject).toContain(`${v} → production waits for your approval`);
      expect(mail!.text).toMatch(new RegExp(`http://localhost:3000/projects/${slug}#promotion-\\d+\\b`));
      expect(mail!.html).toMatch(new RegExp(`href="http://localhost:3000/projects/${slug}#promotion-\\d+"`));
      expect(mail!.from?.text).toBe('"Shiproom" <shiproom@example.test>');
      expect(header(mail!, "list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      expect(header(mail!, "list-unsubscribe")).toBe(
        `List-Unsubscribe: <http://localhost:3000/api/v1/unsubscribe?token=${unsubscribeToken(ops.id!, "approval.waiting")}>`,
      );
    }
    expect(await rows(olive.id!)).toMatchObject([{ status: "DELIVERED", attempts: 1, lastError: null }]);
  });

  test('"off" gets neither a notification nor an email; "in app only" a notification alone', async () => {
    const [off, app] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    await updateNotificationPreferences(off, off.id!, { kinds: { "approval.waiting": "OFF" } });
    await updateNotificationPreferences(app, app.id!, { kinds: { "approval.waiting": "APP" } });
    const { request } = await requestProduction();
    await request();
    expect((await listNotifications(off.id!)).total).toBe(0);
    expect((await listNotifications(app.id!)).total).toBe(1);
    expect(await rows(off.id!)).toEqual([]);
    expect(await rows(app.id!)).toEqual([]);
  });

  test("the one-click unsubscribe stops that kind's email for that member only; a forged link is refused", async () => {
    const [olive, oscar] = [await makeActor(["OPS"]), await makeActor(["OPS"])];
    expect(await unsubscribe(unsubscribeToken(olive.id!, "approval.waiting"))).toMatchObject({ kind: "approval.waiting" });
    const forged = unsubscribeToken(olive.id!, "approval.waiting").replace(
      /^[^.]+/,
      Buffer.from(`${oscar.id} approval.waiting`).toString("base64url"),
    );
    await expect(unsubscribe(forged)).rejects.toBeInstanceOf(ValidationFailed);
    await expect(unsubscribe(null)).rejects.toBeInstanceOf(ValidationFailed);

    const preferences = await getNotificationPreferences(olive.id!);
    // Each kind only to the roles that can receive it, described in words, not config keys.
    expect(preferences.kinds.map((k) => k.kind)).not.toContain("approval.escalated");
    expect(preferences.kinds.map((k) => k.kind)).not.toContain("signoff.needed");
    expect((await getNotificationPreferences((await makeActor(["ADMIN"])).id!)).kinds.map((k) => k.kind)).toContain("approval.escalated");
    expect((await getNotificationPreferences((await makeActor(["QA"])).id!)).kinds.map((k) => k.kind)).toContain("signoff.needed");
    expect(preferences.kinds.map((k) => k.description).join(" ")).not.toMatch(/remindAfter|escalateAfter|For admins/);
    expect(preferences.kinds.find((k) => k.kind === "approval.waiting")!.channel).toBe("APP");
    expect(preferences.kinds.find((k) => k.kind === "promotion.decided")!.channel).toBe("EMAIL");
    const { request } = await requestProduction();
    await request();
    expect(await rows(olive.id!)).toEqual([]);
    expect(await rows(oscar.id!)).toHaveLength(1);
  });

  test("a failed send is retried, and given up after the last attempt (3 here) with why", async () => {
    const olive = await makeActor(["OPS"]);
    const { request } = await requestProduction();
    await request();
    // Nothing listens on port 9 of loopback (SMTP_URL of the database tests). A pass sends what is
    // due, so each retry is made due before the next pass: how long the wait is does not matter here
    // (a pass that ran before a 20 ms wait was over left the count short on a loaded machine).
    for (let pass = 0; pass < 5 && (await rows(olive.id!))[0]?.status === "PENDING"; pass++) {
      await db().emailMessage.updateMany({ where: { memberId: olive.id!, status: "PENDING" }, data: { nextAttemptAt: new Date(0) } });
      await sendDueEmails({ smtpUrl: "smtp://127.0.0.1:9" });
    }
    await sendDueEmails({ smtpUrl: "smtp://127.0.0.1:9" });
    const [row] = await rows(olive.id!);
    expect(row).toMatchObject({ status: "FAILED", attempts: 3, sentAt: null });
    expect(row!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(to(olive.label.replace(/^.*<|>$/g, ""))).toEqual([]);
  });

  test("a bad time zone is refused naming the field; the preferences read back", async () => {
    const member = await makeActor(["DEVELOPER"]);
    await expect(updateNotificationPreferences(member, member.id!, { timeZone: "Mars/Olympus" })).rejects.toMatchObject({
      fieldErrors: [{ field: "timeZone" }],
    });
    await expect(updateNotificationPreferences(member, member.id!, { kinds: { "no.such": "EMAIL" } })).rejects.toBeInstanceOf(
      ValidationFailed,
    );
    const saved = await updateNotificationPreferences(member, member.id!, { timeZone: "Europe/Berlin", digest: true });
    expect(saved).toMatchObject({ timeZone: "Europe/Berlin", digest: true, emailEnabled: true });
    // Every kind of the one event list, including kinds added later.
    expect(saved.kinds.map((k) => k.kind)).toEqual(notificationKinds.filter((k) => k !== "signoff.needed" && k !== "approval.escalated"));
  });
});

describe("the daily digest", () => {
  test("gathers a member's notifications into one email at 08:00 in their time zone, once that day", async () => {
    const olive = await makeActor(["OPS"]);
    await updateNotificationPreferences(olive, olive.id!, { timeZone: "Asia/Tokyo", digest: true });
    // Make the digest's window start before this test's notifications whatever the hour now.
    await db().member.update({ where: { id: olive.id! }, data: { digestDay: null, digestAt: new Date(Date.now() - 1000) } });
    for (let i = 0; i < 3; i++) {
      const { request } = await requestProduction();
      await request();
    }
    expect((await listNotifications(olive.id!)).total).toBe(3);
    expect(await rows(olive.id!)).toEqual([]);

    // 07:59 and 08:00 in Tokyo (UTC+9) on a day to come.
    const day = new Date(Date.now() + 2 * 24 * 3600_000).toISOString().slice(0, 10);
    const at = (time: string) => new Date(`${day}T${time}+09:00`);
    await queueDigests(at("07:59:00"));
    expect(await rows(olive.id!)).toEqual([]);
    // Two server processes at once: one digest.
    await Promise.all([queueDigests(at("08:00:00")), queueDigests(at("08:00:30"))]);
    await queueDigests(at("15:00:00"));
    const digests = await rows(olive.id!);
    expect(digests).toHaveLength(1);
    expect(digests[0]).toMatchObject({ kind: "digest", subject: `Shiproom digest for ${day}: 3 notifications` });

    await sendDueEmails({ smtpUrl, at: at("15:00:00") });
    const [mail] = to(olive.label.replace(/^.*<|>$/g, ""));
    expect(mail!.subject).toBe(`Shiproom digest for ${day}: 3 notifications`);
    expect(mail!.text!.match(/waits for your approval/g)).toHaveLength(3);
    expect(header(mail!, "list-unsubscribe")).toContain(unsubscribeToken(olive.id!, "digest"));
  });
});
