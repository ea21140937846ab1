"use server";
import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth/auth";
import { limitSignIn, tooManySignIns, UNKNOWN_ADDRESS } from "@/lib/auth/limits";
import { clientAddress } from "@/lib/auth/origin";
import { safeReturnPath } from "@/lib/auth/return-path";
import { signInSchema } from "@/lib/auth/schemas";
import { fieldErrorsOf } from "@/lib/http/validation";

export type SignInState = { error?: string; fields?: Record<string, string>; email?: string };

export async function signInWithPassword(_: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const parsed = signInSchema.safeParse({ email, password: form.get("password") ?? "" });
  if (!parsed.success) {
    return { email, fields: Object.fromEntries(fieldErrorsOf(parsed.error).map((e) => [e.field, e.message])) };
  }
  const to = safeReturnPath(form.get("callbackUrl"));
  const outcome = await limitSignIn(parsed.data.email, clientAddress(await headers()) ?? UNKNOWN_ADDRESS, async () => {
    try {
      await signIn("credentials", { ...parsed.data, redirect: false, redirectTo: to });
      return { ok: true, result: true };
    } catch (error) {
      if (error instanceof AuthError) return { ok: false, result: false };
      throw error;
    }
  });
  if ("refused" in outcome) return { email, error: tooManySignIns(outcome.refused.retryAfterSeconds) };
  // The same words for an unknown email and a wrong password: never reveal who is a member.
  if (!outcome.result) return { email, error: "That email and password do not match an account." };
  redirect(to);
}

export async function signInWithProvider(form: FormData): Promise<void> {
  await signIn(String(form.get("provider")), { redirectTo: safeReturnPath(form.get("callbackUrl")) });
}
