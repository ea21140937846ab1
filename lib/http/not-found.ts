import { notFound } from "next/navigation";
import { NotFound } from "./errors";

/** For pages: a missing (or invisible) object renders the 404 page. */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof NotFound) notFound();
    throw error;
  }
}
