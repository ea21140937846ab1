import { Prisma } from "@/lib/generated/prisma/client";

type AdapterCause = { code?: string; kind?: string; message?: string; detail?: string; constraint?: unknown };

/** The driver's error behind a Prisma error, in either of the shapes it arrives in, or the driver's own. */
function adapterCause(error: unknown): AdapterCause | undefined {
  // A raw statement's failure: P2010, with the driver's error inside.
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2010")
    return (error.meta as { driverAdapterError?: { cause?: AdapterCause } } | undefined)?.driverAdapterError?.cause;
  const { name, cause, code } = (error ?? {}) as { name?: string; cause?: AdapterCause; code?: unknown };
  if (name === "DriverAdapterError") return cause;
  // A statement run on the driver itself (lib/db/driver.ts): pg's or PGlite's DatabaseError.
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? (error as AdapterCause) : undefined;
}

/**
 * Whether a write broke a unique constraint, and which (as text naming its columns). Prisma
 * reports it as P2002 outside transactions, but through the driver adapters inside an
 * interactive transaction (or from a raw statement) it surfaces as the adapter's error carrying
 * PostgreSQL's 23505.
 */
export function uniqueViolation(error: unknown): { target: string } | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return { target: JSON.stringify(error.meta ?? {}) };
  }
  const cause = adapterCause(error);
  if (cause?.code === "23505" || cause?.kind === "UniqueConstraintViolation") {
    return { target: `${cause.message ?? ""} ${cause.detail ?? ""} ${JSON.stringify(cause.constraint ?? "")}` };
  }
  return null;
}

// PostgreSQL's classes for "the database cannot take this now": connection exceptions (08),
// too many connections (53300), a statement stopped at its change's time limit (57014),
// shutting down or starting (57P01–57P03). A change past its limit (Prisma's P2028, the
// driver's "Transaction timed out") was rolled back, so it may be tried again too.
const UNAVAILABLE_CODES = /^(08...|53300|57014|57P0[123])$/;
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|ECONNRESET|did not answer within|too many clients|Transaction timed out/i;

/**
 * Whether an error means the database could not be reached or took no more work (a full pool, a
 * restart): the request may succeed later, so it is answered 503 with Retry-After, not 500.
 */
export function databaseUnavailable(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  if (error instanceof Prisma.PrismaClientKnownRequestError && ["P1001", "P1002", "P1017", "P2024", "P2028"].includes(error.code))
    return true;
  const cause = adapterCause(error);
  if (cause?.code && UNAVAILABLE_CODES.test(cause.code)) return true;
  const message = `${(error as Error | undefined)?.message ?? ""} ${cause?.message ?? ""}`;
  return UNAVAILABLE_MESSAGES.test(message);
}
