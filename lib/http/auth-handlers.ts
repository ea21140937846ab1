// Auth.js's endpoints, with sign-in by password held to the limits of lib/auth/limits.ts: a
// refused attempt answers 429 with Retry-After (problem+json) before any password is checked.
import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { limitSignIn, tooManySignIns, UNKNOWN_ADDRESS } from "@/lib/auth/limits";
import { clientAddress } from "@/lib/auth/origin";
import { problemResponse } from "./problem";

export const { GET } = handlers;

export async function POST(req: NextRequest): Promise<Response> {
  if (!req.nextUrl.pathname.endsWith("/callback/credentials")) return handlers.POST(req);
  const form = await req
    .clone()
    .formData()
    .catch(() => null);
  const email = String(form?.get("email") ?? "");
  const ip = clientAddress(req.headers) ?? UNKNOWN_ADDRESS;
  const outcome = await limitSignIn(email, ip, async () => {
    const response = await handlers.POST(req);
    // Auth.js answers a wrong password by redirecting to the sign-in page with ?error=.
    const failed = /[?&]error=/.test(response.headers.get("location") ?? "");
    return { ok: !failed && response.status < 400, result: response };
  });
  if ("result" in outcome) return outcome.result;
  const response = problemResponse(429, "Too many attempts", tooManySignIns(outcome.refused.retryAfterSeconds));
  response.headers.set("retry-after", String(outcome.refused.retryAfterSeconds));
  return response;
}
