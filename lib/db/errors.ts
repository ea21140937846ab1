import { Prisma } from "@/lib/generated/prisma/client";

type AdapterCause = { code?: string; kind?: string; message?: string; detail?: string; constraint?: unknown };

/**
 * Whether a write broke a unique constraint, and which (as text naming its columns). Prisma
 * reports it as P2002 outside transactions, but through the driver adapters inside an
 * interactive transaction it surfaces as a DriverAdapterError carrying PostgreSQL's 23505.
 */
export function uniqueViolation(error: unknown): { target: string } | null {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return { target: JSON.stringify(error.meta ?? {}) };
  }
  const cause = (error as { name?: string; cause?: AdapterCause } | null)?.cause;
  if (
    (error as { name?: string } | null)?.name === "DriverAdapterError" &&
    (cause?.code === "23505" || cause?.kind === "UniqueConstraintViolation")
  ) {
    return { target: `${cause.message ?? ""} ${cause.detail ?? ""} ${JSON.stringify(cause.constraint ?? "")}` };
  }
  return null;
}
