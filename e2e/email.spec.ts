// Notification emails, end to end: the built app (SMTP_URL set in playwright.config.ts) sends to a
// real SMTP server this spec starts on loopback, and what arrived is read with a MIME parser.
// Other tests' notifications reach the server too (every Ops member hears of every production
// request), so each test reads only the mail of members it made.
import fs from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { advanceServerClock, apiAs, expect, hydrated, newProject, promotionIn, signInContext, test, unique } from "./fixtures";
import { E2E_CLOCK_FILE, E2E_SMTP_PORT } from "./playwright.config";

const received: { at: number; mail: ParsedMail }[] = [];
let server: SMTPServer;

test.beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ at: Date.now(), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(E2E_SMTP_PORT, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/**
 * What reached `address`, about `about` when given (a release's version or a project's slug): every
 * Ops member is told of every production request, and other specs request production at the same time.
 */
const mailTo = (address: string, about?: string) =>
  received.filter(
    ({ mail }) => !Array.isArray(mail.to) && mail.to?.text === address && (!about || `${mail.subject}\n${mail.text}`.includes(about)),
  );
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n\s+/g, " ");
const unsubscribeLink = (mail: ParsedMail) => /<([^>]+)>/.exec(header(mail, "list-unsubscribe") ?? "")![1]!;

/** A member of their own with these roles, past the temporary password an admin gives. */
async function newMember(admin: APIRequestContext, baseURL: string, name: string, roles: string[]) {
  const email = `${unique(`${name.split(" ")[0]!.toLowerCase()}-`)}@example.test`;
  expect((await admin.post("/api/v1/members", { data: { name, email, roles, password: "temporary one" } })).status()).toBe(201);
  const api = await apiAs(baseURL, email, "temporary one");
  expect(
    (await api.post("/api/v1/me/password", { data: { currentPassword: "temporary one", newPassword: "a password of mine" } })).status(),
  ).toBe(200);
  return { email, api, password: "a password of mine" };
}

/** A release of a new project through dev and staging; returns how to request it into production. */
async function readyForProduction(admin: APIRequestContext, dev: APIRequestContext, ops: APIRequestContext) {
  const { slug } = await newProject(admin, "mail-");
  const version = `v${unique("")}`;
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version, commitSha: "c4e8a5f019" } })).status()).toBe(201);
  await ops.post(`/api/v1/promotions/${await promotionIn(dev, slug, "dev")}/report`, { data: { status: "succeeded" } });
  const staging = (await (
    await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: version, environment: "staging" } })
  ).json()) as {
    id: string;
  };
  await ops.post(`/api/v1/promotions/${staging.id}/report`, { data: { status: "succeeded" } });
  return {
    slug,
    version,
    /** Requests production; returns the promotion's number. */
    request: async () => {
      const response = await dev.post(`/api/v1/projects/${slug}/promotions`, { data: { release: version, environment: "production" } });
      expect(response.status()).toBe(201);
      return ((await response.json()) as { number: number }).number;
    },
  };
}

type LogEntry = { to: string; kind: string; status: string; subject: string };
const emailLog = async (admin: APIRequestContext) => ((await (await admin.get("/api/v1/emails")).json()) as { items: LogEntry[] }).items;

test("a developer requests production: both Ops members get an email, one who chose Off on the Account page gets none", async ({
  browser,
  baseURL,
  as,
}) => {
  test.setTimeout(120_000);
  const [admin, dev, ops] = [await as("admin"), await as("dev"), await as("ops")];
  const [olive, oscar, otto] = [
    await newMember(admin, baseURL!, "Olive Ops", ["OPS"]),
    await newMember(admin, baseURL!, "Oscar Ops", ["OPS"]),
    await newMember(admin, baseURL!, "Otto Ops", ["OPS"]),
  ];

  // Otto turns "Approval waiting" off on his Account page; a wrong time zone is shown at its field first.
  const context = await browser.newContext({ baseURL });
  await signInContext(context, otto.email, otto.password);
  const page = await context.newPage();
  await page.goto("/account");
  const form = page.getByRole("form", { name: "Notification preferences" });
  await hydrated(form.getByRole("button", { name: "Save preferences" }));
  await form.getByRole("group", { name: "Approval waiting" }).getByRole("radio", { name: "Off" }).check();
  await form.getByLabel("Time zone", { exact: true }).fill("Mars/Olympus");
  await form.getByRole("button", { name: "Save preferences" }).click();
  await expect(form.getByLabel("Time zone", { exact: true })).toHaveAccessibleDescription(/Not a time zone/);
  await form.getByLabel("Time zone", { exact: true }).fill("Europe/Berlin");
  await form.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Notification preferences saved")).toBeVisible();
  const saved = (await (await otto.api.get("/api/v1/me/notification-preferences")).json()) as {
    timeZone: string;
    kinds: { kind: string; channel: string }[];
  };
  expect(saved.timeZone).toBe("Europe/Berlin");
  expect(saved.kinds.find((k) => k.kind === "approval.waiting")!.channel).toBe("OFF");
  await context.close();

  const { slug, version, request } = await readyForProduction(admin, dev, ops);
  const requested = Date.now();
  const number = await request();
  await expect.poll(() => [mailTo(olive.email, version).length, mailTo(oscar.email, version).length]).toEqual([1, 1]);
  console.log(
    `email: requested → arrived at the SMTP server in ${Math.max(...[olive, oscar].map((m) => mailTo(m.email, version)[0]!.at - requested))} ms (the later of 2)`,
  );
  for (const member of [olive, oscar]) {
    const { mail } = mailTo(member.email, version)[0]!;
    // The waiting card on the board, where Approve is.
    const link = `${baseURL}/projects/${slug}#promotion-${number}`;
    expect(mail.subject).toContain(`${version} → production waits for your approval`);
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);
    expect(header(mail, "list-unsubscribe")).toMatch(
      new RegExp(`^List-Unsubscribe: <${baseURL}/api/v1/unsubscribe\\?token=[\\w-]+\\.[\\w-]+>$`),
    );
    expect(header(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  }
  // Written in the same change as the notifications: Otto has neither, now or later.
  const log = await emailLog(admin);
  const about = (e: LogEntry) => e.subject.includes(version);
  expect(log.filter((e) => e.to === olive.email && about(e))).toMatchObject([{ kind: "approval.waiting", status: "DELIVERED" }]);
  // About this request (tests beside this one request production too, and may have asked Otto
  // before he turned it off).
  expect(log.filter((e) => e.to === otto.email && about(e))).toEqual([]);
  // Newest first, 30 a page: this request's is among them if it was made.
  const ottos = (await (await otto.api.get("/api/v1/me/notifications")).json()) as { items: { title: string }[] };
  expect(ottos.items.filter((n) => n.title.includes(version))).toEqual([]);
  await Promise.all([olive, oscar, otto].map((m) => m.api.dispose()));
});

test("the unsubscribe link works signed out: one-click POST, or the page's button; a forged one is refused", async ({
  browser,
  baseURL,
  as,
  anonymous,
}) => {
  test.setTimeout(120_000);
  const [admin, dev, ops] = [await as("admin"), await as("dev"), await as("ops")];
  const [olive, oscar] = [await newMember(admin, baseURL!, "Olive Ops", ["OPS"]), await newMember(admin, baseURL!, "Oscar Ops", ["OPS"])];
  const { version, request } = await readyForProduction(admin, dev, ops);
  await request();
  await expect.poll(() => [mailTo(olive.email, version).length, mailTo(oscar.email, version).length]).toEqual([1, 1]);
  const channel = async (api: APIRequestContext) =>
    ((await (await api.get("/api/v1/me/notification-preferences")).json()) as { kinds: { kind: string; channel: string }[] }).kinds.find(
      (k) => k.kind === "approval.waiting",
    )!.channel;

  // What a mail client does (RFC 8058): a POST with List-Unsubscribe=One-Click, no cookies.
  const oliveLink = unsubscribeLink(mailTo(olive.email, version)[0]!.mail);
  const forged = oliveLink.replace(/token=[\w-]+\./, `token=${Buffer.from("not-a-member approval.waiting").toString("base64url")}.`);
  const refused = await anonymous.post(forged, { form: { "List-Unsubscribe": "One-Click" } });
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("token");
  // An API client asking for JSON keeps the problem+json; a browser is shown a page saying what to do.
  const asApi = await anonymous.get(forged, { headers: { accept: "application/json" } });
  expect(asApi.status()).toBe(422);
  expect(asApi.headers()["content-type"]).toContain("application/problem+json");
  const garbage = await browser.newContext({ baseURL });
  const invalid = await garbage.newPage();
  await invalid.goto("/api/v1/unsubscribe?token=garbage");
  await expect(invalid.getByRole("heading", { name: "This unsubscribe link is not valid" })).toBeVisible();
  await expect(invalid.getByRole("link", { name: "your account page" })).toBeVisible();
  await expect(invalid.locator("body")).not.toContainText("problem");
  await garbage.close();
  const oneClick = await anonymous.post(oliveLink, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);
  expect(await oneClick.json()).toEqual({ unsubscribed: "approval.waiting" });
  expect(await channel(olive.api)).toBe("APP");
  expect(await channel(oscar.api)).toBe("EMAIL");

  // A person following the link from the email: a page with a button, signed out.
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(unsubscribeLink(mailTo(oscar.email, version)[0]!.mail));
  await expect(page.getByText("Stop “Approval waiting” emails?")).toBeVisible();
  expect(await channel(oscar.api)).toBe("EMAIL");
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { name: "Unsubscribed" })).toBeVisible();
  expect(await channel(oscar.api)).toBe("APP");
  await context.close();
  await Promise.all([olive, oscar].map((m) => m.api.dispose()));
});

test("a daily digest gathers a member's notifications into one email at 08:00 in their time zone (the server's clock moved there)", async ({
  baseURL,
  as,
}) => {
  test.setTimeout(120_000);
  const [admin, dev, ops] = [await as("admin"), await as("dev"), await as("ops")];
  const dora = await newMember(admin, baseURL!, "Dora Ops", ["OPS"]);
  const before = fs.existsSync(E2E_CLOCK_FILE) ? Number(fs.readFileSync(E2E_CLOCK_FILE, "utf8").trim()) || 0 : 0;
  // A zone where it is 07:xx now, so 08:00 there is less than an hour ahead of the server's clock.
  const serverNow = new Date(Date.now() + before);
  let hours = (((7 - serverNow.getUTCHours()) % 24) + 24) % 24;
  if (hours > 14) hours -= 24;
  const timeZone = hours === 0 ? "UTC" : `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}`;
  expect((await dora.api.put("/api/v1/me/notification-preferences", { data: { digest: true, timeZone } })).status()).toBe(200);

  const first = await readyForProduction(admin, dev, ops);
  const second = await readyForProduction(admin, dev, ops);
  await first.request();
  await second.request();
  // Two notifications of these requests (other specs' requests reach every Ops member too), no single
  // email (the log is written in the same change).
  const ours = (title: string) => [first, second].some(({ version }) => title.includes(version));
  await expect
    .poll(
      async () =>
        ((await (await dora.api.get("/api/v1/me/notifications")).json()) as { items: { title: string }[] }).items.filter((n) =>
          ours(n.title),
        ).length,
    )
    .toBe(2);
  expect((await emailLog(admin)).filter((e) => e.to === dora.email)).toEqual([]);

  const untilEight = (60 - serverNow.getUTCMinutes()) * 60_000 - serverNow.getUTCSeconds() * 1000 + 5_000;
  // Forward only: tests running at the same time share the server's clock (e2e/fixtures.ts).
  await advanceServerClock(untilEight);
  await expect.poll(() => mailTo(dora.email).length, { timeout: 20_000 }).toBe(1);
  const { mail } = mailTo(dora.email)[0]!;
  // These two at least: another spec's production request in the same hour is in Dora's day too.
  expect(mail.subject).toMatch(/^Shiproom digest for \d{4}-\d{2}-\d{2}: \d+ notifications$/);
  for (const { version } of [first, second]) expect(mail.text).toContain(version);
  for (const { slug } of [first, second]) expect(mail.text).toMatch(new RegExp(`${baseURL}/projects/${slug}#promotion-\\d+\\b`));
  expect(header(mail, "list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  expect((await emailLog(admin)).filter((e) => e.to === dora.email)).toMatchObject([{ kind: "digest", status: "DELIVERED" }]);
  await dora.api.dispose();
});
