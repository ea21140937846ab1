"use client";
import { ListChecks, Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Loaded } from "@/components/query/loaded";
import { RunProgress } from "@/components/test-runs/progress-bar";
import { SignOffBadge } from "@/components/test-runs/sign-off-badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, Fieldset } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { ApiError } from "@/lib/http/fetch-json";
import { useReleases } from "@/lib/releases/hooks";
import { suitesInTreeOrder } from "@/lib/test-cases/suite-tree";
import { useSuites } from "@/lib/test-cases/hooks";
import { useCreateRun, useRuns } from "@/lib/test-runs/hooks";

function NewRunDialog({
  slug,
  environments,
  releases,
  preset,
  open,
  onOpenChange,
}: {
  slug: string;
  environments: string[];
  releases: string[];
  preset: { release?: string; environment?: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const create = useCreateRun(slug);
  const suites = useSuites(slug);
  const router = useRouter();
  const [scope, setScope] = useState<"all" | "pick">("pick");
  const [chosen, setChosen] = useState<string[]>([]);
  // Any release of the project, not only the newest page: typing searches them all.
  const [release, setRelease] = useState(preset.release ?? releases[0] ?? "");
  const typed = useDeferredValue(release.trim());
  const matching = useReleases(slug, 1, typed === (preset.release ?? releases[0]) ? "" : typed).data?.releases;
  const suggestions = matching ? matching.filter((r) => !r.abandoned).map((r) => r.version) : releases;
  const error = create.error instanceof ApiError ? create.error : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    create.mutate(
      {
        release: text("release"),
        environment: text("environment"),
        name: text("name"),
        all: scope === "all",
        suites: scope === "pick" ? chosen : [],
        tags:
          scope === "pick"
            ? text("tags")
                .split(/[\s,]+/)
                .filter(Boolean)
            : [],
      },
      {
        onSuccess: (run) => {
          toast.success(`Run #${run.number} has ${run.total} cases`);
          onOpenChange(false);
          router.push(`/projects/${slug}/runs/${run.id}`);
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New test run"
      description="Executes cases against one release in one environment, pinned to the cases' current revisions."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError error={error} />
        <div className="grid grid-cols-2 gap-3">
          <Field label="Release" hint="Newest first; type to find an older one" error={error?.field("release")}>
            <Input
              name="release"
              list="new-run-releases"
              autoComplete="off"
              spellCheck={false}
              value={release}
              onChange={(e) => setRelease(e.target.value)}
            />
          </Field>
          <datalist id="new-run-releases">
            {suggestions.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
          <Field label="Environment" error={error?.field("environment")}>
            <Select name="environment" defaultValue={preset.environment ?? environments[1] ?? environments[0]}>
              {environments.map((e) => (
                <option key={e}>{e}</option>
              ))}
            </Select>
          </Field>
        </div>
        <Field label="Name" hint="Optional: defaults to “release on environment”">
          <Input name="name" />
        </Field>
        <Fieldset legend="Cases" error={error?.field("suites") ?? error?.field("all")}>
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name="scope" className="accent-brand-600" checked={scope === "pick"} onChange={() => setScope("pick")} />{" "}
              From suites or tags
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="scope" className="accent-brand-600" checked={scope === "all"} onChange={() => setScope("all")} />{" "}
              All active cases
            </label>
          </div>
          {scope === "pick" ? (
            <div className="space-y-3 pt-2">
              <div className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-slate-200 p-2">
                {(suites.data ?? []).length === 0 ? (
                  <p className="text-xs text-slate-500">No suites yet: choose tags or all cases.</p>
                ) : null}
                {suitesInTreeOrder(suites.data ?? []).map((suite) => {
                  // A chosen suite brings its sub-suites: they show as included.
                  const within = suite.ancestors.find((id) => chosen.includes(id));
                  const parentName = within ? suites.data?.find((s) => s.id === within)?.name : undefined;
                  return (
                    <label
                      key={suite.id}
                      className="flex items-center gap-2 text-sm"
                      style={{ paddingLeft: `${suite.depth * 1.25}rem` }}
                      title={parentName ? `Included with ${parentName}` : undefined}
                    >
                      <input
                        type="checkbox"
                        className="size-4 accent-brand-600"
                        checked={Boolean(within) || chosen.includes(suite.id)}
                        disabled={Boolean(within)}
                        onChange={(e) => setChosen(e.target.checked ? [...chosen, suite.id] : chosen.filter((id) => id !== suite.id))}
                      />
                      {suite.name} <span className="text-xs text-slate-500">{suite.caseCount}</span>
                      {parentName ? <span className="sr-only">(included with {parentName})</span> : null}
                    </label>
                  );
                })}
              </div>
              <Field label="Tags" hint="Cases with any of these tags, separated by spaces">
                <Input name="tags" placeholder="smoke regression" />
              </Field>
            </div>
          ) : null}
        </Fieldset>
        <DialogActions onCancel={() => onOpenChange(false)} submitLabel="Create run" pending={create.isPending} />
      </form>
    </Dialog>
  );
}

export function RunList({
  slug,
  environments,
  releases,
  preset,
}: {
  slug: string;
  environments: string[];
  releases: string[];
  preset: { release?: string; environment?: string };
}) {
  const [creating, setCreating] = useState(Boolean(preset.release));
  return (
    <>
      <PageHeader
        title="Test runs"
        description="Cases executed against one release in one environment; QA's sign-off of a run is what promotions wait for."
        actions={
          <Button onClick={() => setCreating(true)} disabled={releases.length === 0}>
            <Plus className="size-4" aria-hidden /> New run
          </Button>
        }
      />
      <Loaded query={useRuns(slug)}>
        {(runs) =>
          runs.length === 0 ? (
            <Card>
              <EmptyState icon={<ListChecks className="size-8" />} title="No test runs yet">
                {releases.length
                  ? "Create one for a release on staging: manual and automated results side by side."
                  : "Register a release first."}
              </EmptyState>
            </Card>
          ) : (
            <ul className="grid gap-3" aria-label="Test runs">
              {runs.map((run) => (
                <li key={run.id}>
                  <Link
                    href={`/projects/${slug}/runs/${run.id}`}
                    className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm transition hover:border-brand-500"
                  >
                    <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                      <div>
                        <span className="text-xs text-slate-500">#{run.number}</span>{" "}
                        <span className="font-medium text-slate-900">{run.name}</span>
                        <p className="text-xs text-slate-500">
                          <span className="font-mono">{run.release.version}</span> on {run.environment.name} · by {run.createdBy}{" "}
                          <TimeAgo iso={run.createdAt} />
                        </p>
                      </div>
                      <SignOffBadge signOff={run.signOff} />
                    </div>
                    <RunProgress counts={run.counts} total={run.total} />
                  </Link>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      <NewRunDialog
        slug={slug}
        environments={environments}
        releases={releases}
        preset={preset}
        open={creating}
        onOpenChange={setCreating}
      />
    </>
  );
}
