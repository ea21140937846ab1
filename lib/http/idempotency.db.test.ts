import { describe, expect, test } from "vitest";
import { db } from "@/lib/db/client";
import { setupTestDatabase } from "@/lib/testing/db";
import { makeActor } from "@/lib/testing/factories";
import { Conflict, ValidationFailed } from "./errors";
import { idempotent } from "./idempotency";

setupTestDatabase();

const request = { method: "POST", path: "/api/v1/projects/x/releases", body: '{"version":"v1"}' };

function counter(status = 201) {
  const calls = { n: 0 };
  const work = async () => {
    calls.n++;
    return Response.json({ call: calls.n }, { status });
  };
  return { calls, work };
}

describe("Idempotency-Key", () => {
  test("a retry gets the first answer again and the work runs once", async () => {
    const actor = await makeActor();
    const { calls, work } = counter();
    const first = await idempotent(actor, "key-1", request, work);
    const again = await idempotent(actor, "key-1", request, work);
    expect(calls.n).toBe(1);
    expect([first.status, again.status]).toEqual([201, 201]);
    expect(await again.json()).toEqual({ call: 1 });
    expect(again.headers.get("idempotency-replayed")).toBe("true");
  });

  test("keys belong to their sender: another caller's same key runs its own request", async () => {
    const { calls, work } = counter();
    await idempotent(await makeActor(), "shared", request, work);
    await idempotent(await makeActor(), "shared", request, work);
    expect(calls.n).toBe(2);
  });

  test("the same key with another request is refused and changes nothing", async () => {
    const actor = await makeActor();
    const { calls, work } = counter();
    await idempotent(actor, "key-2", request, work);
    const error = await idempotent(actor, "key-2", { ...request, body: '{"version":"v2"}' }, work).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).fieldErrors[0]).toMatchObject({ field: "Idempotency-Key" });
    expect(calls.n).toBe(1);
  });

  test("a retry while the first is still running is told to wait; a server error is not kept", async () => {
    const actor = await makeActor();
    let release: (() => void) | undefined;
    const slow = idempotent(
      actor,
      "key-3",
      request,
      () => new Promise<Response>((resolve) => (release = () => resolve(Response.json({}, { status: 201 })))),
    );
    // The first request has claimed its key once its work is running.
    while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(idempotent(actor, "key-3", request, counter().work)).rejects.toBeInstanceOf(Conflict);
    release();
    expect((await slow).status).toBe(201);

    const failing = counter(500);
    await idempotent(actor, "key-4", request, failing.work);
    await idempotent(actor, "key-4", request, failing.work);
    expect(failing.calls.n).toBe(2);
    expect(await db().idempotencyKey.count({ where: { key: "key-4" } })).toBe(0);
  });

  test("keys that are empty, too long or not printable are refused", async () => {
    const actor = await makeActor();
    for (const key of ["", "x".repeat(256), "tab\there"]) {
      await expect(idempotent(actor, key, request, counter().work)).rejects.toBeInstanceOf(ValidationFailed);
    }
  });
});
