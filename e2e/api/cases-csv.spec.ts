import { expect, newProject, newToken, test, tokenClient, unique } from "../fixtures";

const TESTRAIL = [
  "ID,Title,Section,Section Hierarchy,Priority,Type,Preconditions,Steps,Expected Result,References",
  'C1042,Pay by card,Payments,Checkout > Payments,Critical,Functional,Logged in,"Open the cart, pay",Receipt shown,JIRA-1',
  "C1043,Refund,Refunds,Checkout > Refunds,Urgentish,Regression,,Ask for a refund,Refund issued,",
].join("\n");

test.describe("cases as CSV over HTTP", () => {
  test("preview, a refused apply with its rows' problems, the fixed file applied, then exported as CSV", async ({ as }) => {
    const qa = await as("qa");
    const { slug } = await newProject(await as("admin"), "csv-");
    const post = (body: string | Buffer, apply = false) =>
      qa.post(`/api/v1/projects/${slug}/cases/import${apply ? "?apply=true" : ""}`, {
        headers: { "content-type": "text/csv" },
        data: body,
      });

    const preview = await post(TESTRAIL);
    expect(preview.status()).toBe(200);
    expect(await preview.json()).toMatchObject({
      format: "testrail",
      applied: false,
      create: 1,
      problemCount: 1,
      problems: [{ row: 3, column: "Priority", message: "'Urgentish' is not one of Critical, High, Medium, Low" }],
    });
    const refused = await post(TESTRAIL, true);
    expect(refused.status()).toBe(422);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    expect(await refused.json()).toMatchObject({ errors: [{ field: "Priority", message: expect.stringContaining("Row 3") }] });
    expect(((await (await qa.get(`/api/v1/projects/${slug}/cases`)).json()) as { total: number }).total).toBe(0);

    const applied = await post(TESTRAIL.replace("Urgentish", "High"), true);
    expect(applied.status()).toBe(200);
    expect(await applied.json()).toMatchObject({ applied: true, create: 2, newSuites: ["Checkout / Payments", "Checkout / Refunds"] });

    const exported = await qa.get(`/api/v1/projects/${slug}/cases/export?priority=CRITICAL`);
    expect(exported.status()).toBe(200);
    expect(exported.headers()["content-type"]).toContain("text/csv");
    expect(exported.headers()["content-disposition"]).toMatch(/attachment; filename=".+-cases-.+\.csv"/);
    const csv = await exported.text();
    expect(csv).toContain("Pay by card");
    expect(csv).not.toContain("Refund");
    // The export reads back unchanged.
    expect(await (await post(csv, true)).json()).toMatchObject({ format: "shiproom", unchanged: 1, create: 0, update: 0 });
  });

  test("a file that is not a CSV of cases is a 422 on the file, with its line; a token needs cases:write", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const { slug } = await newProject(admin, "csv-");
    const bad = await admin.post(`/api/v1/projects/${slug}/cases/import`, {
      headers: { "content-type": "text/csv" },
      data: Buffer.concat([Buffer.from("Title\nOne\n"), Buffer.from([0xff, 0xfe, 0x00])]),
    });
    expect(bad.status()).toBe(422);
    expect(await bad.json()).toMatchObject({ errors: [{ field: "file", line: 3, message: expect.stringContaining("not UTF-8") }] });

    const reader = await tokenClient(baseURL!, await newToken(admin, slug, ["read"]));
    const writer = await tokenClient(baseURL!, await newToken(admin, slug, ["cases:write"]));
    const body = { headers: { "content-type": "text/csv" }, data: `Title\n${unique("From CI ")}\n` };
    expect((await reader.post(`/api/v1/projects/${slug}/cases/import?apply=true`, body)).status()).toBe(403);
    expect(await (await writer.post(`/api/v1/projects/${slug}/cases/import?apply=true`, body)).json()).toMatchObject({ create: 1 });
    expect((await reader.get(`/api/v1/projects/${slug}/cases/export`)).status()).toBe(200);
    await reader.dispose();
    await writer.dispose();
  });
});
