"use server";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { signInSchema } from "@/lib/auth/schemas";
import { fieldErrorsOf } from "@/lib/validation";

export type SignInState = { error?: string; fields?: Record<string, string>; email?: string };

/** Only same-site paths: never send someone signing in to another site. */
function safeReturnPath(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

export async function signInWithPassword(_: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get("email") ?? "");
  const parsed = signInSchema.safeParse({ email, password: form.get("password") ?? "" });
  if (!parsed.success) {
    return { email, fields: Object.fromEntries(fieldErrorsOf(parsed.error).map((e) => [e.field, e.message])) };
  }
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeReturnPath(form.get("callbackUrl")) });
  } catch (error) {
    // The same words for an unknown email and a wrong password: never reveal who is a member.
    if (error instanceof AuthError) return { email, error: "That email and password do not match an account." };
    throw error; // the redirect after a successful sign-in
  }
  return {};
}

export async function signInWithProvider(form: FormData): Promise<void> {
  await signIn(String(form.get("provider")), { redirectTo: safeReturnPath(form.get("callbackUrl")) });
}
