"use client";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";
import type { ProjectRepositoryDto } from "@/lib/projects/schemas";

/** The project's source repository, read to list the commits a promotion brings (admins). */
export function RepositoryPanel({ slug, initial, managed }: { slug: string; initial: string | null; managed: boolean }) {
  const [saved, setSaved] = useState(initial ?? "");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  // What the last save found: that Shiproom reads the repository, or why not (it is saved either way).
  const [reach, setReach] = useState<ProjectRepositoryDto["reach"]>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const repository = String(new FormData(event.currentTarget).get("repository") ?? "").trim();
    setPending(true);
    setError(undefined);
    try {
      const result = await fetchJson<ProjectRepositoryDto>(`/api/v1/projects/${slug}/repository`, {
        method: "PUT",
        body: { repository: repository || null },
      });
      setSaved(result.repository ?? "");
      setReach(result.reach);
      toast.success(result.repository ? "Repository saved" : "Repository removed");
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught.fieldErrors.find((e) => e.field === "repository")?.message ?? caught.message);
      else setError(String(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader
        title="Repository"
        description="Where the project's code lives: a promotion's “What changes” lists the commits between the running release and the new one."
      />
      <form onSubmit={save} className="space-y-3 px-5 py-4" noValidate>
        <Field
          label="Repository URL or path"
          hint={
            managed
              ? "Set in shiproom.yaml (repository:); the next apply replaces what you save here."
              : "https://, ssh://, git:// or user@host:path; a local path where the server allows it (SHIPROOM_GIT_LOCAL_PATHS). Empty: none."
          }
          error={error}
        >
          <Input
            name="repository"
            defaultValue={saved}
            key={saved}
            className="font-mono text-xs"
            placeholder="https://github.com/acme/checkout.git"
            autoComplete="off"
          />
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" loading={pending}>
            Set repository
          </Button>
          <p role="status" className="text-sm">
            {pending ? (
              <span className="text-slate-500">Saving, and reading it…</span>
            ) : reach?.readable ? (
              <span className="text-emerald-700">
                Saved. Shiproom read it: {reach.branches} branch{reach.branches === 1 ? "" : "es"}.
              </span>
            ) : reach ? (
              <span className="text-amber-800">Saved, but Shiproom could not read it: {reach.problem}.</span>
            ) : null}
          </p>
        </div>
      </form>
    </Card>
  );
}
