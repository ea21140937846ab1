"use client";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { toast } from "sonner";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input, Textarea } from "@/components/ui/input";
import { ApiError } from "@/lib/http/fetch-json";
import { useCreateRelease } from "@/lib/releases/hooks";

export function CreateReleaseDialog({ slug, open, onOpenChange }: { slug: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateRelease(slug);
  const router = useRouter();
  const error = create.error instanceof ApiError ? create.error : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    create.mutate(
      { version: text("version"), commitSha: text("commitSha"), artifactRef: text("artifactRef"), notes: text("notes") },
      {
        onSuccess: (release) => {
          toast.success(`${release.version} is registered`);
          create.reset();
          onOpenChange(false);
          router.refresh();
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New release"
      description="A release is an immutable artifact: it is never edited, only promoted or abandoned."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError error={error} />
        <div className="grid grid-cols-2 gap-3">
          <Field label="Version" error={error?.field("version")}>
            <Input name="version" placeholder="v1.4.0" autoComplete="off" autoFocus className="font-mono" />
          </Field>
          <Field label="Commit SHA" error={error?.field("commitSha")}>
            <Input name="commitSha" placeholder="abc1234" autoComplete="off" className="font-mono" />
          </Field>
        </div>
        <Field label="Artifact" hint="Optional: an image digest or an artifact URL" error={error?.field("artifactRef")}>
          <Input name="artifactRef" placeholder="registry.example.com/checkout@sha256:…" autoComplete="off" className="font-mono" />
        </Field>
        <Field label="Notes" hint="Optional: the changelog" error={error?.field("notes")}>
          <Textarea name="notes" rows={4} />
        </Field>
        <DialogActions onCancel={() => onOpenChange(false)} submitLabel="Register release" pending={create.isPending} />
      </form>
    </Dialog>
  );
}
