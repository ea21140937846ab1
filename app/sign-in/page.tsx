import { Ship } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { oauthProviderButtons } from "@/lib/auth/auth";
import { safeReturnPath } from "@/lib/auth/return-path";
import { currentMember } from "@/lib/auth/session";
import { DEMO_MEMBERS } from "@/lib/demo/team";
import { env } from "@/lib/env";
import { roleLabels } from "@/lib/auth/roles";
import { buttonClass } from "@/components/ui/button";
import { signInWithProvider } from "./actions";
import { SignInForm } from "./_components/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

const errors: Record<string, string> = {
  AccessDenied: "That account is not a member of this Shiproom team: ask an admin to add your email.",
  CredentialsSignin: "That email and password do not match an account.",
  Configuration: "Sign-in is misconfigured on the server: tell your admin.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const given = await searchParams;
  // Where to go after: a path of this site (a hand-made address may name another, or give it twice).
  const callbackUrl = safeReturnPath(given.callbackUrl);
  const error = typeof given.error === "string" ? given.error : undefined;
  if (await currentMember()) redirect(callbackUrl);
  const demo = env().isDemo;
  const providers = oauthProviderButtons();

  return (
    <main className="flex min-h-screen items-center justify-center bg-gradient-to-b from-slate-100 to-slate-50 px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <div className="mb-3 flex size-11 items-center justify-center rounded-xl bg-slate-900 text-white shadow">
            <Ship className="size-6" aria-hidden />
          </div>
          <h1 className="text-xl font-semibold tracking-tight">Sign in to Shiproom</h1>
          <p className="mt-1 text-sm text-slate-500">Where dev, QA and ops ship together.</p>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          {providers.length > 0 ? (
            <div className="mb-5 space-y-2">
              {providers.map((provider) => (
                <form key={provider.id} action={signInWithProvider}>
                  <input type="hidden" name="provider" value={provider.id} />
                  <input type="hidden" name="callbackUrl" value={callbackUrl} />
                  <button type="submit" className={buttonClass("secondary", "md", "w-full")}>
                    Continue with {provider.name}
                  </button>
                </form>
              ))}
              <div className="flex items-center gap-3 pt-2 text-xs text-slate-500">
                <span className="h-px flex-1 bg-slate-200" /> or with email <span className="h-px flex-1 bg-slate-200" />
              </div>
            </div>
          ) : null}
          <SignInForm
            callbackUrl={callbackUrl}
            initialError={error ? (errors[error] ?? errors.CredentialsSignin) : undefined}
            demoAccounts={
              demo ? DEMO_MEMBERS.map((m) => ({ email: m.email, name: m.name, roles: m.roles.map((r) => roleLabels[r]).join(", ") })) : []
            }
          />
        </div>
      </div>
    </main>
  );
}
