"use client";
import { useActionState, useRef } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { signInWithPassword, type SignInState } from "../actions";

export type DemoAccount = { email: string; name: string; roles: string };

export function SignInForm({
  callbackUrl,
  demoAccounts,
  initialError,
}: {
  callbackUrl: string;
  demoAccounts: DemoAccount[];
  initialError?: string;
}) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInWithPassword, { error: initialError });
  const email = useRef<HTMLInputElement>(null);
  const password = useRef<HTMLInputElement>(null);

  function fillAccount(account: DemoAccount) {
    if (email.current) email.current.value = account.email;
    if (password.current) {
      password.current.value = "shiproom";
      password.current.focus();
    }
  }

  return (
    <div className="space-y-6">
      <form action={action} className="space-y-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        {state.error ? (
          <div role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-700">
            {state.error}
          </div>
        ) : null}
        <Field label="Email" error={state.fields?.email}>
          <Input ref={email} name="email" type="email" autoComplete="username" defaultValue={state.email} required autoFocus />
        </Field>
        <Field label="Password" error={state.fields?.password}>
          <Input ref={password} name="password" type="password" autoComplete="current-password" required />
        </Field>
        <Button type="submit" className="w-full" loading={pending}>
          Sign in
        </Button>
      </form>
      {demoAccounts.length > 0 ? (
        <section aria-labelledby="demo-accounts" className="rounded-lg border border-dashed border-slate-300 bg-slate-50 p-4">
          <h2 id="demo-accounts" className="text-sm font-semibold text-slate-800">
            Demo team
          </h2>
          <p className="mt-0.5 text-xs text-slate-500">
            Every demo account uses the password <code className="rounded bg-white px-1 font-mono">shiproom</code>.
          </p>
          <ul className="mt-3 divide-y divide-slate-200">
            {demoAccounts.map((account) => (
              <li key={account.email} className="flex items-center justify-between gap-3 py-2">
                <div className="min-w-0">
                  <div className="truncate font-mono text-xs text-slate-800">{account.email}</div>
                  <div className="text-xs text-slate-500">{account.roles}</div>
                </div>
                <Button variant="secondary" size="sm" onClick={() => fillAccount(account)} aria-label={`Use ${account.email}`}>
                  Use
                </Button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
