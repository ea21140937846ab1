"use client";
import { ArrowRight, FolderKanban, Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input, Textarea } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/http/fetch-json";
import { useCreateProject, useProjects } from "@/lib/projects/hooks";

function slugify(name: string) {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
}

function keyFrom(name: string) {
  const words = name
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, " ")
    .split(/\s+/)
    .filter(Boolean);
  const key = words.length > 1 ? words.map((w) => w[0]).join("") : (words[0] ?? "").slice(0, 3);
  return key.slice(0, 10);
}

function CreateProjectDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateProject();
  const router = useRouter();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState<string | null>(null);
  const [key, setKey] = useState<string | null>(null);
  const error = create.error instanceof ApiError ? create.error : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate(
      { name, slug: slug ?? slugify(name), key: key ?? keyFrom(name), description: String(form.get("description") ?? "") },
      {
        onSuccess: (project) => {
          toast.success(`${project.name} was created with dev → staging → production`);
          onOpenChange(false);
          router.push(`/projects/${project.slug}`);
          router.refresh();
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New project"
      description="It starts with the pipeline dev → staging → production; admins can change its policies."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError error={error} />
        <Field label="Name" error={error?.field("name")}>
          <Input name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" autoFocus />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="URL name" hint="In links and for the CLI" error={error?.field("slug")}>
            <Input
              name="slug"
              value={slug ?? slugify(name)}
              onChange={(e) => setSlug(e.target.value)}
              autoComplete="off"
              className="font-mono"
            />
          </Field>
          <Field label="Key" hint="Prefix of test cases: KEY-42" error={error?.field("key")}>
            <Input
              name="key"
              value={key ?? keyFrom(name)}
              onChange={(e) => setKey(e.target.value.toUpperCase())}
              autoComplete="off"
              className="font-mono"
            />
          </Field>
        </div>
        <Field label="Description" hint="Optional" error={error?.field("description")}>
          <Textarea name="description" rows={2} />
        </Field>
        <DialogActions onCancel={() => onOpenChange(false)} submitLabel="Create project" pending={create.isPending} />
      </form>
    </Dialog>
  );
}

export function ProjectList({ canCreate }: { canCreate: boolean }) {
  const { data: projects, isPending, isError, error } = useProjects();
  const [creating, setCreating] = useState(false);
  const newButton = canCreate ? (
    <Button onClick={() => setCreating(true)}>
      <Plus className="size-4" aria-hidden /> New project
    </Button>
  ) : null;

  return (
    <>
      {isPending ? (
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          <Skeleton className="h-36" />
          <Skeleton className="h-36" />
        </div>
      ) : isError ? (
        <p role="alert" className="text-sm text-rose-600">
          {error.message}
        </p>
      ) : projects.length === 0 ? (
        <Card>
          <EmptyState icon={<FolderKanban className="size-8" />} title="No projects yet" action={newButton}>
            {canCreate ? "Create the first project: it comes with the pipeline dev → staging → production." : "Ask an admin to create one."}
          </EmptyState>
        </Card>
      ) : (
        <>
          {canCreate ? <div className="mb-4 flex justify-end">{newButton}</div> : null}
          <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3" aria-label="Projects">
            {projects.map((project) => (
              <li key={project.id}>
                <Link
                  href={`/projects/${project.slug}`}
                  className="group block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-500 hover:shadow"
                >
                  <div className="flex items-start justify-between gap-3">
                    <div className="min-w-0">
                      <h2 className="truncate font-semibold text-slate-900">{project.name}</h2>
                      <p className="font-mono text-xs text-slate-500">
                        {project.key} · {project.slug}
                      </p>
                    </div>
                    <ArrowRight className="size-4 text-slate-300 transition group-hover:text-brand-500" aria-hidden />
                  </div>
                  {project.description ? <p className="mt-2 line-clamp-2 text-sm text-slate-600">{project.description}</p> : null}
                  <ol className="mt-4 flex flex-wrap items-center gap-1 text-xs" aria-label="Pipeline">
                    {project.environmentNames.map((name, index) => (
                      <li key={name} className="flex items-center gap-1">
                        {index > 0 ? (
                          <span className="text-slate-300" aria-hidden>
                            →
                          </span>
                        ) : null}
                        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-700">{name}</span>
                      </li>
                    ))}
                  </ol>
                  <p className="mt-3 text-xs text-slate-500">
                    {project.latestRelease ? (
                      <>
                        {project.releaseCount} releases · latest{" "}
                        <span className="font-mono text-slate-700">{project.latestRelease.version}</span>{" "}
                        <TimeAgo iso={project.latestRelease.createdAt} />
                      </>
                    ) : (
                      "No releases yet"
                    )}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {canCreate ? <CreateProjectDialog open={creating} onOpenChange={setCreating} /> : null}
    </>
  );
}
