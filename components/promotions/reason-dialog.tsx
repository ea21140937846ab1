"use client";
import { useState, type FormEvent, type ReactNode } from "react";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { ApiError } from "@/lib/http/fetch-json";

/** A dialog that asks for a reason (required or optional) before an action: reject, roll back, override, abandon… */
export function ReasonDialog({
  open,
  onOpenChange,
  title,
  description,
  label,
  field,
  required,
  confirmLabel,
  tone = "primary",
  onConfirm,
  children,
  otherFields = [],
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  label: string;
  /** The name the server uses for the reason, to show its message here. */
  field: string;
  required?: boolean;
  confirmLabel: string;
  tone?: "primary" | "danger" | "success";
  onConfirm: (reason: string) => Promise<unknown>;
  /** Fields before the reason; given the server's answer, to show a field's error next to it. */
  children?: ReactNode | ((error: ApiError | null) => ReactNode);
  /** The server's names of the fields `children` show, whose errors they show themselves. */
  otherFields?: readonly string[];
}) {
  const [error, setError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);
  // What is typed and not sent: closing the dialog (Escape, Close, Back) or the page asks first.
  const [reason, setReason] = useState("");
  const { confirmDiscard } = useUnsavedChanges(open && reason.trim() !== "", "Close without sending? What you wrote will be lost.");
  const changeOpen = (next: boolean) => (next || confirmDiscard()) && onOpenChange(next);
  // It opens empty, however it was closed.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) {
      setReason("");
      setError(null);
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
      onOpenChange(false);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, String(caught)));
    } finally {
      setPending(false);
    }
  }

  const fieldError = error?.field(field);
  return (
    <Dialog open={open} onOpenChange={changeOpen} title={title} description={description}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {typeof children === "function" ? children(error) : children}
        <Field label={label} hint={required ? undefined : "Optional"} error={fieldError}>
          <Textarea
            name="reason"
            rows={3}
            required={required}
            autoFocus
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </Field>
        {error && !fieldError && !otherFields.some((name) => error.field(name)) ? (
          <p role="alert" className="text-sm text-rose-600">
            {error.message}
          </p>
        ) : null}
        <DialogActions onCancel={() => changeOpen(false)} cancelLabel="Back" submitLabel={confirmLabel} pending={pending} variant={tone} />
      </form>
    </Dialog>
  );
}
