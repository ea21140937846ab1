import { request } from "@playwright/test";
import { apiAs, DEMO, expect, signOutOver, test, unique } from "../fixtures";

type Session = { id: string; current: boolean; device: string };

test.describe("sessions end when people say so", () => {
  test("a copied session cookie stops working the moment its owner signs out", async ({ baseURL }) => {
    const owner = await apiAs(baseURL!, DEMO.dev);
    const copy = await request.newContext({ baseURL, storageState: await owner.storageState() });
    expect((await copy.get("/api/v1/me/sessions")).status()).toBe(200);
    await signOutOver(owner);
    expect((await copy.get("/api/v1/me/sessions")).status()).toBe(401);
    expect((await copy.get("/api/v1/projects")).status()).toBe(401);
    await Promise.all([owner.dispose(), copy.dispose()]);
  });

  test("a temporary password allows nothing but choosing one's own; then the member ends their other sessions", async ({ as, baseURL }) => {
    const admin = await as("admin");
    const email = `${unique("temp-")}@example.test`;
    const created = await admin.post("/api/v1/members", { data: { name: "Tempo", email, roles: ["DEVELOPER"], password: "set by admin" } });
    expect(created.status()).toBe(201);

    const first = await apiAs(baseURL!, email, "set by admin");
    const blocked = await first.get("/api/v1/projects");
    expect(blocked.status()).toBe(403);
    expect(((await blocked.json()) as { detail: string }).detail).toBe(
      "Choose your own password first: an admin set a temporary one (Account).",
    );
    const wrong = await first.post("/api/v1/me/password", { data: { currentPassword: "nope", newPassword: "my own password" } });
    expect(wrong.status()).toBe(422);
    expect(((await wrong.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("currentPassword");
    const changed = await first.post("/api/v1/me/password", { data: { currentPassword: "set by admin", newPassword: "my own password" } });
    expect(changed.status()).toBe(200);
    expect((await first.get("/api/v1/projects")).status()).toBe(200);
    await expect(apiAs(baseURL!, email, "set by admin")).rejects.toThrow(/signing in as .* failed/);

    const second = await apiAs(baseURL!, email, "my own password");
    const sessions = (await (await first.get("/api/v1/me/sessions")).json()) as Session[];
    expect(sessions.map((s) => s.current)).toEqual([true, false]);
    const other = sessions.find((s) => !s.current)!;
    expect((await second.get("/api/v1/projects")).status()).toBe(200);
    expect((await first.post(`/api/v1/me/sessions/${other.id}/end`)).status()).toBe(200);
    expect((await second.get("/api/v1/projects")).status()).toBe(401);

    // Nobody else's session can be named: another member gets 404.
    const third = await apiAs(baseURL!, email, "my own password");
    const thirdId = ((await (await third.get("/api/v1/me/sessions")).json()) as Session[]).find((s) => s.current)!.id;
    expect((await (await as("ops")).post(`/api/v1/me/sessions/${thirdId}/end`)).status()).toBe(404);
    expect((await first.post("/api/v1/me/sessions/end-others")).status()).toBe(200);
    expect((await third.get("/api/v1/projects")).status()).toBe(401);
    expect((await first.get("/api/v1/projects")).status()).toBe(200);
    await Promise.all([first.dispose(), second.dispose(), third.dispose()]);
  });
});
