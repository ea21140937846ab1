"use client";
import { TableHead } from "@/components/ui/table";
import { Pencil } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { TimeAgo } from "@/components/format/time";
import { Loaded } from "@/components/query/loaded";
import { ResultBadge } from "@/components/test-runs/result-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { useCase } from "@/lib/test-cases/hooks";
import { priorityLabels, type CaseDto, type CaseSnapshot } from "@/lib/test-cases/schemas";
import { diffSteps } from "@/lib/test-cases/snapshot";
import type { Role } from "@/lib/generated/prisma/enums";
import { Attachments } from "@/components/attachments/attachments";
import { CaseEditor } from "../../_components/case-editor";

const fieldLabels: Record<string, string> = {
  title: "Title",
  preconditions: "Preconditions",
  priority: "Priority",
  tags: "Tags",
  suite: "Suite",
  kind: "Execution",
  automationId: "Automation id",
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return Array.isArray(value) ? value.join(", ") || "—" : String(value);
}

/** A revision against the one before it: changed fields side by side, steps by position. */
function RevisionDiff({ before, after }: { before: CaseSnapshot | null; after: CaseSnapshot }) {
  if (!before) return <p className="text-xs text-slate-500">The first revision.</p>;
  const fields = Object.keys(fieldLabels).filter(
    (f) => JSON.stringify(before[f as keyof CaseSnapshot]) !== JSON.stringify(after[f as keyof CaseSnapshot]),
  );
  const steps = diffSteps(before.steps ?? [], after.steps ?? []).filter((d) => d.kind !== "same");
  return (
    <div className="space-y-2 text-xs">
      {fields.map((field) => (
        <div key={field} className="grid grid-cols-[7rem_1fr] gap-2">
          <span className="text-slate-500">{fieldLabels[field]}</span>
          <span>
            <del className="bg-rose-50 text-rose-700">{show(before[field as keyof CaseSnapshot])}</del> →{" "}
            <ins className="bg-emerald-50 text-emerald-700 no-underline">{show(after[field as keyof CaseSnapshot])}</ins>
          </span>
        </div>
      ))}
      {steps.length > 0 ? (
        <ol className="space-y-1" aria-label="Changed steps">
          {diffSteps(before.steps ?? [], after.steps ?? []).map((d, i) =>
            d.kind === "same" ? null : (
              <li key={i} className="grid grid-cols-[7rem_1fr] gap-2">
                <span className="text-slate-500">
                  Step {i + 1} {d.kind}
                </span>
                <span>
                  {d.before ? <del className="bg-rose-50 text-rose-700">{`${d.before.action} ⇒ ${d.before.expected}`}</del> : null}{" "}
                  {d.before && d.after ? "→ " : null}
                  {d.after ? (
                    <ins className="bg-emerald-50 text-emerald-700 no-underline">{`${d.after.action} ⇒ ${d.after.expected}`}</ins>
                  ) : null}
                </span>
              </li>
            ),
          )}
        </ol>
      ) : null}
    </div>
  );
}

type Viewer = { id: string; roles: readonly Role[] };

function Case({ slug, testCase, viewer }: { slug: string; testCase: CaseDto; viewer: Viewer }) {
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState<number | null>(testCase.revisions[0]?.revision ?? null);
  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/projects/${slug}/cases`} className="hover:underline">
            Test cases
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-slate-500">{testCase.key}</span> {testCase.title}
            {testCase.archived ? <Badge>archived</Badge> : null}
          </span>
        }
        description={`Revision ${testCase.revision} · ${testCase.kind === "AUTOMATED" ? "automated" : "manual"} · ${priorityLabels[testCase.priority]} priority${testCase.suite ? ` · ${testCase.suite.name}` : ""}${testCase.externalId ? ` · external id ${testCase.externalId}` : ""}`}
        actions={
          editing ? null : (
            <Button variant="secondary" onClick={() => setEditing(true)}>
              <Pencil className="size-4" aria-hidden /> Edit
            </Button>
          )
        }
      />
      {editing ? (
        <CaseEditor slug={slug} existing={testCase} onDone={() => setEditing(false)} />
      ) : (
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="space-y-6 lg:col-span-2">
            <Card className="p-5">
              {testCase.preconditions ? (
                <div className="mb-4">
                  <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Preconditions</h2>
                  <p className="mt-1 text-sm whitespace-pre-wrap">{testCase.preconditions}</p>
                </div>
              ) : null}
              <h2 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Steps</h2>
              {testCase.steps.length === 0 ? (
                <p className="mt-1 text-sm text-slate-500">
                  {testCase.kind === "AUTOMATED" ? `Automated: ${testCase.automationId}` : "No steps yet."}
                </p>
              ) : (
                <div className="relative overflow-x-auto">
                  <table className="mt-2 w-full text-sm">
                    <thead>
                      <tr className="text-left text-xs text-slate-500">
                        <th scope="col" className="w-8 py-1">
                          #
                        </th>
                        <th scope="col" className="py-1">
                          Action
                        </th>
                        <th scope="col" className="py-1">
                          Expected result
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-slate-100">
                      {testCase.steps.map((step, i) => (
                        <tr key={i} className="align-top">
                          <td className="py-2 text-slate-500">{i + 1}</td>
                          <td className="py-2 pr-4 whitespace-pre-wrap">{step.action}</td>
                          <td className="py-2 whitespace-pre-wrap">{step.expected}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              {testCase.tags.length ? (
                <div className="mt-4 flex flex-wrap gap-1">
                  {testCase.tags.map((tag) => (
                    <Badge key={tag} tone="info">
                      {tag}
                    </Badge>
                  ))}
                </div>
              ) : null}
            </Card>
            <Card className="p-5">
              <Attachments target={{ kind: "case", slug, caseKey: testCase.key }} viewer={viewer} label={testCase.key} />
            </Card>
            <Card>
              <CardHeader title="Results across releases" description="Every run this case was part of, newest first" />
              {testCase.results.length === 0 ? (
                <EmptyState title="Not run yet">It shows here once a test run includes it.</EmptyState>
              ) : (
                <div className="relative overflow-x-auto">
                  <table className="w-full text-sm">
                    <TableHead className="px-5 py-2" columns={["Release", "Environment", "Run", "Result"]} />
                    <tbody className="divide-y divide-slate-100">
                      {testCase.results.map((result) => (
                        <tr key={result.runId}>
                          <td className="px-5 py-2 font-mono">{result.release}</td>
                          <td className="px-5 py-2">{result.environment}</td>
                          <td className="px-5 py-2">
                            <Link className="hover:underline" href={`/projects/${slug}/runs/${result.runId}`}>
                              #{result.runNumber} {result.runName}
                            </Link>
                          </td>
                          <td className="px-5 py-2">
                            <ResultBadge status={result.status} />{" "}
                            <span className="text-xs text-slate-500">
                              {result.by ?? ""} {result.at ? <TimeAgo iso={result.at} /> : null}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Card>
          </div>
          <Card>
            <CardHeader title="Revisions" description="Who changed what, and when" />
            <ol className="divide-y divide-slate-100" aria-label="Revisions">
              {testCase.revisions.map((revision, index) => (
                <li key={revision.revision} className="px-5 py-3">
                  <button
                    type="button"
                    className="flex w-full items-start justify-between gap-2 text-left text-sm"
                    aria-expanded={open === revision.revision}
                    onClick={() => setOpen(open === revision.revision ? null : revision.revision)}
                  >
                    <span>
                      <span className="font-medium">Revision {revision.revision}</span> by {revision.author}
                      <span className="block text-xs text-slate-500">{revision.changed.join(", ")}</span>
                    </span>
                    <span className="shrink-0 text-xs text-slate-500">
                      <TimeAgo iso={revision.at} />
                    </span>
                  </button>
                  {open === revision.revision ? (
                    <div className="mt-2 rounded-md bg-slate-50 p-3">
                      <RevisionDiff before={testCase.revisions[index + 1]?.snapshot ?? null} after={revision.snapshot} />
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>
      )}
    </>
  );
}

export function CaseView({ slug, caseKey, viewer }: { slug: string; caseKey: string; viewer: Viewer }) {
  // Keyed by revision: after an edit the view opens on the new revision and its diff.
  return (
    <Loaded query={useCase(slug, caseKey)}>
      {(testCase) => <Case key={testCase.revision} slug={slug} testCase={testCase} viewer={viewer} />}
    </Loaded>
  );
}
