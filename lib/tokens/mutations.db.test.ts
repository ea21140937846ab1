import { describe, expect, test } from "vitest";
import { authenticateToken, hashToken } from "@/lib/auth/token";
import { db } from "@/lib/db/client";
import { Conflict, Forbidden, ValidationFailed } from "@/lib/http/errors";
import { createRelease } from "@/lib/releases/mutations";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor, makePipeline } from "@/lib/testing/factories";
import { createToken, revokeToken } from "./mutations";
import { listTokens } from "./queries";

setupTestDatabase();
const origin = { ip: "10.1.2.3", userAgent: "ci" };

describe("API tokens", () => {
  test("the secret is shown once; only its SHA-256 is stored, and it authenticates as the token", async () => {
    const { slug, projectId } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    const token = await createToken(admin, slug, { name: "GitHub Actions", scopes: ["releases:write", "read"] });
    expect(token.secret).toMatch(/^shr_[A-Za-z0-9_-]{43}$/);
    expect(token.scopes).toEqual(["read", "releases:write"]);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.secretHash).toBe(hashToken(token.secret));
    expect(JSON.stringify(row)).not.toContain(token.secret.slice(4));
    expect(JSON.stringify(await listTokens(admin, slug))).not.toContain(token.secret.slice(4));

    const actor = await authenticateToken(token.secret, origin);
    expect(actor).toMatchObject({ kind: "TOKEN", id: token.id, projectId, scopes: ["read", "releases:write"], roles: [] });
    expect(actor!.label).toBe(`token GitHub Actions (${token.prefix}…)`);
    const listed = (await listTokens(admin, slug))[0]!;
    expect(listed).toMatchObject({ state: "active", lastUsedIp: "10.1.2.3" });
    expect(listed.lastUsedAt).not.toBeNull();
  });

  test("what a token does is attributed to it in the release and the audit trail", async () => {
    const { slug } = await makePipeline();
    const token = await createToken(await makeActor(["ADMIN"]), slug, { name: "CI", scopes: ["releases:write"] });
    const actor = (await authenticateToken(token.secret, origin))!;
    const release = await createRelease(actor, slug, { version: "v9.0.0", commitSha: "abcdef1" });
    expect(release.createdBy).toContain("CI");
    const row = await db().release.findUniqueOrThrow({ where: { id: release.id } });
    expect(row).toMatchObject({ createdById: null, createdByTokenId: token.id });
    const audit = await db().auditEvent.findFirstOrThrow({ where: { objectId: release.id, action: "release.created" } });
    expect(audit).toMatchObject({ actorKind: "TOKEN", actorTokenId: token.id, actorMemberId: null });
    expect(audit.origin).toMatchObject({ ip: "10.1.2.3" });
  });

  test("a wrong, revoked or expired token does not authenticate", async () => {
    const { slug } = await makePipeline();
    const admin = await makeActor(["ADMIN"]);
    const token = await createToken(admin, slug, { name: "old", scopes: ["read"] });
    expect(await authenticateToken(`${token.secret}x`, origin)).toBeNull();
    expect(await authenticateToken("not-a-token", origin)).toBeNull();
    await revokeToken(admin, slug, token.id);
    expect(await authenticateToken(token.secret, origin)).toBeNull();
    await expect(revokeToken(admin, slug, token.id)).rejects.toBeInstanceOf(Conflict);
    expect((await listTokens(admin, slug)).find((t) => t.id === token.id)?.state).toBe("revoked");

    const expiring = await createToken(admin, slug, { name: "short", scopes: ["read"], expiresInDays: 1 });
    await db().apiToken.update({ where: { id: expiring.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await authenticateToken(expiring.secret, origin)).toBeNull();
    expect((await listTokens(admin, slug)).find((t) => t.id === expiring.id)?.state).toBe("expired");
  });

  test("only admins make, list and revoke tokens; bad scopes are named", async () => {
    const { slug } = await makePipeline();
    const ops = await makeActor(["OPS"]);
    await expect(createToken(ops, slug, { name: "x", scopes: ["read"] })).rejects.toBeInstanceOf(Forbidden);
    await expect(listTokens(ops, slug)).rejects.toBeInstanceOf(Forbidden);
    const admin = await makeActor(["ADMIN"]);
    const invalid = await createToken(admin, slug, { name: "", scopes: ["write:everything"] }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationFailed);
    expect((invalid as ValidationFailed).fieldErrors.map((e) => e.field).sort()).toEqual(["name", "scopes.0"]);
    expect(await db().apiToken.count({ where: { project: { slug } } })).toBe(0);
  });
});
