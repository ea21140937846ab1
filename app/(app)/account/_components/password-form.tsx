"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";
import { plural } from "@/lib/format/plural";

/** Current password, a new one twice; after a required change the member goes on to the app. */
export function PasswordForm({ required }: { required: boolean }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const newPassword = String(data.get("newPassword") ?? "");
    setError(null);
    setMismatch(newPassword !== String(data.get("confirmPassword") ?? ""));
    if (newPassword !== String(data.get("confirmPassword") ?? "")) return;
    setPending(true);
    try {
      const result = await fetchJson<{ endedSessions: number }>("/api/v1/me/password", {
        method: "POST",
        body: { currentPassword: String(data.get("currentPassword") ?? ""), newPassword },
      });
      form.reset();
      toast.success(
        result.endedSessions ? `Password changed; ${plural(result.endedSessions, "other session")} signed out` : "Password changed",
      );
      if (required) router.push("/");
      else router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, String(caught)));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Current password" error={error?.field("currentPassword")}>
        <Input name="currentPassword" type="password" autoComplete="current-password" required autoFocus={required} />
      </Field>
      <Field label="New password" hint="At least 8 characters" error={error?.field("newPassword")}>
        <Input name="newPassword" type="password" autoComplete="new-password" required />
      </Field>
      <Field label="New password again" error={mismatch ? "The two new passwords differ" : undefined}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </Field>
      <FormError error={error} />
      <Button type="submit" loading={pending}>
        Change password
      </Button>
    </form>
  );
}
