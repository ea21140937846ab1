"use client";
import { SuiteOptions } from "@/components/test-cases/suite-options";
import { TableHead } from "@/components/ui/table";
import { Archive, ClipboardList, Download, FolderTree, Plus, Search, Tag, Trash2, Upload } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { changeAddress, useAddressText } from "@/components/ui/use-address";
import type { CasePriority } from "@/lib/generated/prisma/enums";
import type { QueryChange } from "@/lib/http/address";
import { caseFiltersOf, casesQuery } from "@/lib/test-cases/filters";
import { useBulkCases, useCases, useSuiteActions, useSuites } from "@/lib/test-cases/hooks";
import { PRIORITIES, priorityLabels, tagSchema, type BulkCasesInput, type SuiteDto } from "@/lib/test-cases/schemas";
import { plural } from "@/lib/format/plural";

const priorityTone: Record<CasePriority, BadgeTone> = { LOW: "neutral", MEDIUM: "info", HIGH: "warning", CRITICAL: "danger" };

function SuiteTree({
  slug,
  suites,
  current,
  onSelect,
}: {
  slug: string;
  suites: SuiteDto[];
  current: string | undefined;
  onSelect: (suite: string | undefined) => void;
}) {
  const actions = useSuiteActions(slug);
  const [adding, setAdding] = useState(false);
  const children = (parentId: string | null): SuiteDto[] => suites.filter((s) => s.parentId === parentId);
  const item = (id: string | undefined, label: string, count?: number, depth = 0) => (
    <button
      type="button"
      onClick={() => onSelect(id)}
      aria-current={current === id ? "true" : undefined}
      className={cn(
        "flex w-full items-center justify-between rounded-md px-2 py-1 text-left text-sm",
        current === id ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100",
      )}
      style={{ paddingLeft: `${0.5 + depth * 0.9}rem` }}
    >
      <span className="truncate">{label}</span>
      {count !== undefined ? <span className="text-xs text-slate-500">{count}</span> : null}
    </button>
  );
  const branch = (parentId: string | null, depth: number): React.ReactNode =>
    children(parentId).map((suite) => (
      <li key={suite.id}>
        <div className="group flex items-center">
          <div className="min-w-0 flex-1">{item(suite.id, suite.name, suite.caseCount, depth)}</div>
          <button
            type="button"
            aria-label={`Delete suite ${suite.name}`}
            className="invisible rounded p-1 text-slate-500 group-hover:visible hover:text-rose-600 focus:visible"
            onClick={() =>
              actions.mutate(
                { kind: "delete", id: suite.id },
                { onSuccess: () => toast.success(`${suite.name} deleted; its cases moved up`), onError: (e) => toast.error(e.message) },
              )
            }
          >
            <Trash2 className="size-3.5" aria-hidden />
          </button>
        </div>
        <ul>{branch(suite.id, depth + 1)}</ul>
      </li>
    ));

  function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "").trim();
    actions.mutate(
      { kind: "create", name, parentId: current && current !== "none" ? current : null },
      { onSuccess: () => setAdding(false), onError: (error) => toast.error(error.message) },
    );
  }

  return (
    <nav aria-label="Suites" className="space-y-1">
      <div className="flex items-center justify-between px-2 pb-1">
        <h2 className="flex items-center gap-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
          <FolderTree className="size-3.5" aria-hidden /> Suites
        </h2>
        <button
          type="button"
          className="rounded p-1 text-slate-500 hover:text-slate-700"
          aria-label="New suite"
          onClick={() => setAdding(true)}
        >
          <Plus className="size-3.5" aria-hidden />
        </button>
      </div>
      {item(undefined, "All cases")}
      {item("none", "Not in a suite")}
      <ul>{branch(null, 0)}</ul>
      {adding ? (
        <form onSubmit={add} className="px-2 pt-1">
          <Input
            name="name"
            aria-label="Suite name"
            placeholder={current && current !== "none" ? "Sub-suite name" : "Suite name"}
            autoFocus
            onBlur={(e) => !e.target.value && setAdding(false)}
          />
        </form>
      ) : null}
    </nav>
  );
}

const NOTHING_SELECTED = new Set<string>();

export function CaseLibrary({ slug }: { slug: string }) {
  const suites = useSuites(slug);
  // The search, the filters and the page are the address's (lib/test-cases/filters.ts): Back, a
  // reload and a shared link show the same cases. Typing replaces the address once it pauses; a
  // choice (suite, priority, execution, archived, page) is a step Back returns from.
  const params = caseFiltersOf(useSearchParams(), suites.data);
  const search = useAddressText("q", { page: null });
  const tagText = useAddressText("tag", { page: null });
  const tagProblem = tagText.text.trim() ? tagSchema.safeParse(tagText.text).error?.issues[0]?.message : undefined;
  const choose = (change: QueryChange) => {
    search.flush();
    tagText.flush();
    changeAddress("push", { page: null, ...change });
  };
  const cases = useCases(slug, params);
  const bulk = useBulkCases(slug);
  // The selection is of the cases shown: another search, filter or page starts with none.
  const shownQuery = casesQuery(params);
  const exportQuery = casesQuery({ ...params, page: 1 });
  const [selection, setSelection] = useState({ of: shownQuery, ids: NOTHING_SELECTED });
  const selected = selection.of === shownQuery ? selection.ids : NOTHING_SELECTED;
  const setSelected = (ids: Set<string>) => setSelection({ of: shownQuery, ids });
  const [tag, setTag] = useState("");
  const data = cases.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const page = params.page ?? 1;
  // A page past the last (cases archived since, a hand-made address) shows the first instead.
  const pastTheLast = data !== undefined && !cases.isPlaceholderData && page > pages;
  useEffect(() => {
    if (pastTheLast) changeAddress("replace", { page: null });
  }, [pastTheLast]);

  function apply(change: BulkCasesInput["change"], done: string) {
    bulk.mutate(
      { caseIds: [...selected], change },
      {
        onSuccess: ({ changed }) => {
          toast.success(`${done}: ${plural(changed, "case")} changed`);
          setSelected(new Set());
        },
        onError: (error) => toast.error(error.message),
      },
    );
  }

  return (
    <>
      <PageHeader
        title="Test cases"
        description="The shared library: anyone can write, run and improve a case. Every edit is kept as a revision."
        actions={
          <>
            <a
              href={`/api/v1/projects/${slug}/cases/export${exportQuery ? `?${exportQuery}` : ""}`}
              download
              className={buttonClass("secondary")}
              title={exportQuery ? "The cases these filters select, as CSV" : "The whole library, as CSV"}
            >
              <Download className="size-4" aria-hidden /> Export CSV
            </a>
            <Link href={`/projects/${slug}/cases/import`} className={buttonClass("secondary")}>
              <Upload className="size-4" aria-hidden /> Import CSV
            </Link>
            <Link href={`/projects/${slug}/cases/new`} className={buttonClass()}>
              <Plus className="size-4" aria-hidden /> New case
            </Link>
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[15rem_1fr]">
        <Card className="self-start p-3">
          {suites.data ? (
            <SuiteTree slug={slug} suites={suites.data} current={params.suite} onSelect={(suite) => choose({ suite })} />
          ) : (
            <Skeleton className="h-40" />
          )}
        </Card>
        <Card>
          <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-4 py-3">
            <Search className="size-4 text-slate-500" aria-hidden />
            <Input
              aria-label="Search cases"
              placeholder="Search title, steps and tags…"
              value={search.text}
              onChange={(e) => search.change(e.target.value)}
              maxLength={200}
              className="max-w-xs"
            />
            <Select
              aria-label="Priority"
              className="w-36"
              value={params.priority?.[0] ?? ""}
              onChange={(e) => choose({ priority: e.target.value })}
            >
              <option value="">Any priority</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityLabels[p]}
                </option>
              ))}
            </Select>
            <Select aria-label="Execution" className="w-auto" value={params.kind ?? ""} onChange={(e) => choose({ kind: e.target.value })}>
              <option value="">Manual and automated</option>
              <option value="MANUAL">Manual</option>
              <option value="AUTOMATED">Automated</option>
            </Select>
            <Input
              aria-label="Tag"
              placeholder="tag"
              className="w-28"
              value={tagText.text}
              onChange={(e) => tagText.change(e.target.value)}
              aria-invalid={tagProblem ? true : undefined}
              aria-describedby={tagProblem ? "tag-problem" : undefined}
            />
            <label className="flex items-center gap-1.5 text-sm text-slate-600">
              <input
                type="checkbox"
                className="size-4 accent-brand-600"
                checked={Boolean(params.archived)}
                onChange={(e) => choose({ archived: e.target.checked ? "true" : null })}
              />{" "}
              Archived
            </label>
            {data ? <span className="ml-auto text-xs text-slate-500">{data.total.toLocaleString("en")} cases</span> : null}
            {tagProblem ? (
              <p id="tag-problem" className="w-full text-xs text-rose-600">
                Not filtered by tag. {tagProblem}
              </p>
            ) : null}
          </div>
          {selected.size > 0 ? (
            <div
              role="toolbar"
              aria-label="Selected cases"
              className="flex flex-wrap items-center gap-2 border-b border-slate-100 bg-brand-50 px-4 py-2 text-sm"
            >
              <span className="font-medium">{selected.size} selected</span>
              <Input
                aria-label="Tag for the selected cases"
                placeholder="tag"
                className="h-8 w-28"
                value={tag}
                onChange={(e) => setTag(e.target.value)}
              />
              <Button
                size="sm"
                variant="secondary"
                disabled={!tag.trim()}
                onClick={() => apply({ action: "addTags", tags: [tag.trim()] }, `Tagged ${tag}`)}
              >
                <Tag className="size-3.5" aria-hidden /> Add tag
              </Button>
              <Button
                size="sm"
                variant="secondary"
                disabled={!tag.trim()}
                onClick={() => apply({ action: "removeTags", tags: [tag.trim()] }, `Untagged ${tag}`)}
              >
                Remove tag
              </Button>
              <Select
                aria-label="Move the selected cases to"
                className="h-8 w-44"
                value=""
                onChange={(e) =>
                  e.target.value && apply({ action: "move", suiteId: e.target.value === "none" ? null : e.target.value }, "Moved")
                }
              >
                <option value="">Move to…</option>
                <option value="none">No suite</option>
                <SuiteOptions suites={suites.data ?? []} />
              </Select>
              {params.archived ? (
                <Button size="sm" variant="secondary" onClick={() => apply({ action: "unarchive" }, "Restored")}>
                  Restore
                </Button>
              ) : (
                <Button size="sm" variant="secondary" onClick={() => apply({ action: "archive" }, "Archived")}>
                  <Archive className="size-3.5" aria-hidden /> Archive
                </Button>
              )}
            </div>
          ) : null}
          {cases.isPending ? (
            <div className="space-y-2 p-4">
              <Skeleton className="h-8" />
              <Skeleton className="h-8" />
            </div>
          ) : cases.isError ? (
            <p role="alert" className="p-4 text-sm text-rose-600">
              {cases.error.message}
            </p>
          ) : data!.cases.length === 0 ? (
            <EmptyState
              icon={<ClipboardList className="size-8" />}
              title={params.q ? `No case matches “${params.q}”` : "No cases here yet"}
            >
              {params.q ? "Try other words, or fewer filters." : "Write the first one, or upload a JUnit report to a test run."}
            </EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table className={cn("w-full text-sm", cases.isPlaceholderData && "opacity-60")}>
                <TableHead
                  className="px-2 py-2"
                  columns={[
                    {
                      label: (
                        <input
                          type="checkbox"
                          aria-label="Select all on this page"
                          className="size-4 accent-brand-600"
                          checked={data!.cases.every((c) => selected.has(c.id))}
                          onChange={(e) => setSelected(e.target.checked ? new Set(data!.cases.map((c) => c.id)) : new Set())}
                        />
                      ),
                      className: "w-10 px-4 py-2",
                    },
                    "Case",
                    // On a phone the suite and the tags go under the title, so nothing is cut off.
                    { label: "Suite", className: "hidden px-2 py-2 sm:table-cell" },
                    "Priority",
                    { label: "Tags", className: "hidden px-2 py-2 md:table-cell" },
                  ]}
                />
                <tbody className="divide-y divide-slate-100">
                  {data!.cases.map((c) => (
                    <tr key={c.id} className={selected.has(c.id) ? "bg-brand-50/50" : undefined}>
                      <td className="px-4 py-2">
                        <input
                          type="checkbox"
                          aria-label={`Select ${c.key}`}
                          className="size-4 accent-brand-600"
                          checked={selected.has(c.id)}
                          onChange={(e) => {
                            const next = new Set(selected);
                            if (e.target.checked) next.add(c.id);
                            else next.delete(c.id);
                            setSelected(next);
                          }}
                        />
                      </td>
                      <td className="px-2 py-2">
                        <Link href={`/projects/${slug}/cases/${c.key}`} className="hover:underline">
                          <span className="mr-2 font-mono text-xs whitespace-nowrap text-slate-500">{c.key}</span>
                          <span className="text-slate-900">{c.title}</span>
                        </Link>
                        {c.kind === "AUTOMATED" ? (
                          <Badge className="ml-2" tone="brand">
                            automated
                          </Badge>
                        ) : null}
                        {c.suite ? <span className="block text-xs text-slate-500 sm:hidden">{c.suite.name}</span> : null}
                        {c.tags.length > 0 ? <Tags tags={c.tags} className="mt-1 md:hidden" /> : null}
                      </td>
                      <td className="hidden px-2 py-2 text-xs text-slate-500 sm:table-cell">{c.suite?.name ?? "—"}</td>
                      <td className="px-2 py-2">
                        <Badge tone={priorityTone[c.priority]}>{priorityLabels[c.priority]}</Badge>
                      </td>
                      <td className="hidden px-2 py-2 md:table-cell">
                        <Tags tags={c.tags} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {data && pages > 1 ? (
            <nav aria-label="Pages" className="flex items-center justify-between border-t border-slate-100 px-4 py-3 text-sm">
              <Button
                variant="secondary"
                size="sm"
                disabled={page === 1}
                onClick={() => choose({ page: page > 2 ? String(page - 1) : null })}
              >
                Previous
              </Button>
              <span className="text-slate-500">
                Page {page} of {pages}
              </span>
              <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => choose({ page: String(page + 1) })}>
                Next
              </Button>
            </nav>
          ) : null}
        </Card>
      </div>
    </>
  );
}

/** A case's tags as badges. */
function Tags({ tags, className }: { tags: string[]; className?: string }) {
  return (
    <div className={cn("flex flex-wrap gap-1", className)}>
      {tags.map((tag) => (
        <Badge key={tag} tone="neutral">
          {tag}
        </Badge>
      ))}
    </div>
  );
}
