"use client";
import { TableHead } from "@/components/ui/table";
import { useQueryClient } from "@tanstack/react-query";
import { CheckCircle2, FileUp, History, Play, ShieldAlert, ShieldCheck, Split, UserPlus } from "lucide-react";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState, type MouseEvent } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Markdown } from "@/components/markdown/markdown";
import { FoldedAttachments } from "@/components/attachments/attachments";
import { DefectLinks, type Viewer } from "@/components/test-runs/defect-links";
import { Loaded } from "@/components/query/loaded";
import { RunProgress } from "@/components/test-runs/progress-bar";
import { ResultBadge } from "@/components/test-runs/result-badge";
import { SignOffBadge } from "@/components/test-runs/sign-off-badge";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { changeAddress } from "@/components/ui/use-address";
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import { oneOf } from "@/lib/http/address";
import { assigneeFilterOf, assigneeParam, matchesAssignee } from "@/lib/test-runs/assignee-filter";
import { describeImport } from "@/lib/test-runs/import-summary";
import { uploadJunit, useRun } from "@/lib/test-runs/hooks";
import { isXmlFile, namedByReport, planJunitUploads } from "@/lib/test-runs/junit-picked";
import { runKeys } from "@/lib/test-runs/keys";
import { RESULT_STATUSES, resultLabels, type RunDto } from "@/lib/test-runs/schemas";
import { AssignDialog, type AssignMode } from "./assign-dialog";
import { SignOffDialog } from "./sign-off-dialog";
import { TesterProgress } from "./tester-progress";

function Upload({ slug, run }: { slug: string; run: RunDto }) {
  const input = useRef<HTMLInputElement>(null);
  const client = useQueryClient();
  const [progress, setProgress] = useState<{ file: string; fraction: number } | null>(null);

  async function send(picked: File[]) {
    // One file picked is the report: only with others is it read for the files it names.
    const read = async (file: File) => (picked.length > 1 ? namedByReport(await file.text()) : []);
    const plan = planJunitUploads(
      await Promise.all(picked.map(async (file) => ({ file, name: file.name, named: isXmlFile(file) ? await read(file) : null }))),
    );
    if (plan.unnamed.length > 0) {
      const which = plan.unnamed.map((file) => file.name).join(", ");
      if (plan.uploads.length === 0)
        toast.error(`${which}: pick the JUnit report (.xml) with the files it names; a file is sent with the report whose tests name it.`, {
          duration: 10_000,
        });
      else
        toast.warning(`${which}: no report picked names ${plan.unnamed.length === 1 ? "it" : "them"}, so not sent.`, { duration: 10_000 });
    }
    for (const { report: file, files } of plan.uploads) {
      setProgress({ file: file.name, fraction: 0 });
      try {
        const summary = await uploadJunit(run.id, file, files, (fraction) => setProgress({ file: file.name, fraction }));
        if (summary.duplicate) toast.success(`${file.name} was already attached: nothing changed`);
        else if (summary.warnings.length > 0)
          toast.warning(`${file.name}: ${describeImport(summary)}`, {
            description: summary.warnings.map((w) => w.message).join(" "),
            duration: 10_000,
          });
        else toast.success(`${file.name}: ${describeImport(summary)}`);
      } catch (error) {
        toast.error(`${file.name}: ${(error as Error).message}`, { duration: 10_000 });
      }
    }
    setProgress(null);
    await client.invalidateQueries({ queryKey: runKeys.all(slug) });
  }

  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="JUnit XML reports and the files they name"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          // The same files picked again are a new pick.
          e.target.value = "";
          if (files.length) void send(files);
        }}
      />
      <Button variant="secondary" onClick={() => input.current?.click()} loading={progress !== null}>
        <FileUp className="size-4" aria-hidden /> Upload JUnit
      </Button>
      {progress ? (
        <div className="w-48" role="status" aria-live="polite">
          <div className="truncate text-xs text-slate-500">
            {progress.fraction < 1 ? `Uploading ${progress.file}` : `Importing ${progress.file}…`}
          </div>
          <div
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress.fraction * 100)}
            className="mt-1 h-1.5 overflow-hidden rounded bg-slate-100"
          >
            <div className="h-full bg-brand-500 transition-all" style={{ width: `${progress.fraction * 100}%` }} />
          </div>
        </div>
      ) : null}
    </>
  );
}

type RunProps = { slug: string; run: RunDto; canSignOff: boolean; canAssign: boolean; viewer: Viewer };

function Run({ slug, run, canSignOff, canAssign, viewer }: RunProps) {
  // The status and the assignee shown are in the address (`?status=failed&assignee=mine`; anything else shows all).
  const query = useSearchParams();
  const filter = oneOf(query, "status", RESULT_STATUSES) ?? null;
  const setFilter = (status: ResultStatus | null) => changeAddress("push", { status: status?.toLowerCase() });
  const assignee = assigneeFilterOf(query);
  const [signing, setSigning] = useState(false);
  const [assigning, setAssigning] = useState<AssignMode | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // The dialog has no trigger of Radix's own: focus goes back to the button that opened it.
  const opener = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    if (assigning === null) opener.current?.focus();
  }, [assigning]);
  const theirs = run.results.filter((r) => matchesAssignee(r, assignee, viewer.id));
  const shown = filter ? theirs.filter((r) => r.status === filter) : theirs;
  const signOff = run.signOff;
  // A waiver names its case by key; the title is on the run.
  const titles = new Map(signOff?.waivers.length ? run.results.map((r) => [r.id, r.title]) : []);
  // Execution walks the cases the assignee filter shows.
  const nextUntested = theirs.find((r) => r.status === "UNTESTED") ?? theirs[0];
  const walk = assigneeParam(assignee);
  const toggle = (id: string, on: boolean) =>
    setSelected((before) => {
      const next = new Set(before);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/projects/${slug}/runs`} className="hover:underline">
            Test runs
          </Link>
        }
        title={
          <span className="flex items-center gap-2">
            <span className="text-slate-500">#{run.number}</span> {run.name} <SignOffBadge signOff={signOff} />
          </span>
        }
        description={
          <>
            <Link href={`/projects/${slug}/releases/${encodeURIComponent(run.release.version)}`} className="font-mono hover:underline">
              {run.release.version}
            </Link>{" "}
            on {run.environment.name} · created by {run.createdBy} <TimeAgo iso={run.createdAt} />
          </>
        }
        actions={
          <div className="flex flex-wrap items-center gap-2">
            <Upload slug={slug} run={run} />
            {nextUntested ? (
              <Link
                href={`/projects/${slug}/runs/${run.id}/execute?${walk ? `assignee=${walk}&` : ""}result=${nextUntested.id}`}
                className={buttonClass("secondary")}
              >
                <Play className="size-4" aria-hidden /> Execute
              </Link>
            ) : null}
            {canSignOff ? (
              <Button onClick={() => setSigning(true)}>
                <ShieldCheck className="size-4" aria-hidden /> Sign off or block…
              </Button>
            ) : null}
          </div>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-5 lg:col-span-2">
          <RunProgress counts={run.counts} total={run.total} showLegend />
        </Card>
        <Card className="p-5" aria-label="Sign-off">
          {!signOff ? (
            <p className="text-sm text-slate-600">
              Not signed off yet. {canSignOff ? "When the run is done, give QA's decision." : "QA decides when the run is done."}
            </p>
          ) : (
            <SignOffSummary signOff={signOff} titles={titles} />
          )}
        </Card>
      </div>

      {run.testers.length > 0 ? <TesterProgress testers={run.testers} unassigned={run.results.filter((r) => !r.assignee).length} /> : null}

      <Card className="mt-6">
        <div className="flex flex-wrap items-center gap-2 border-b border-slate-100 px-5 py-3">
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Assignee
            <Select
              className="w-44"
              value={assigneeParam(assignee) ?? ""}
              onChange={(e) => changeAddress("push", { assignee: e.target.value || null })}
            >
              <option value="">Everyone</option>
              <option value="mine">Mine</option>
              <option value="unassigned">Unassigned</option>
              {run.testers
                .filter((t) => t.id !== viewer.id)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </Select>
          </label>
          {canAssign ? (
            <div className="flex flex-wrap gap-2 sm:ml-auto">
              <Button
                variant="secondary"
                size="sm"
                onClick={(event: MouseEvent<HTMLButtonElement>) => {
                  opener.current = event.currentTarget;
                  setAssigning("one");
                }}
              >
                <UserPlus className="size-4" aria-hidden /> Assign{selected.size > 0 ? ` ${selected.size} selected` : ""}…
              </Button>
              <Button
                variant="secondary"
                size="sm"
                onClick={(event: MouseEvent<HTMLButtonElement>) => {
                  opener.current = event.currentTarget;
                  setAssigning("spread");
                }}
              >
                <Split className="size-4" aria-hidden /> Spread evenly between…
              </Button>
            </div>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-1.5 border-b border-slate-100 px-5 py-3" role="group" aria-label="Show results">
          <button
            type="button"
            aria-pressed={filter === null}
            className={cn(buttonClass(filter === null ? "primary" : "ghost", "sm"))}
            onClick={() => setFilter(null)}
          >
            All {run.total}
          </button>
          {RESULT_STATUSES.map((status) => (
            <button
              key={status}
              type="button"
              aria-pressed={filter === status}
              className={cn(buttonClass(filter === status ? "primary" : "ghost", "sm"))}
              onClick={() => setFilter(status)}
            >
              {resultLabels[status]} {run.counts[status]}
            </button>
          ))}
        </div>
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead
              className="px-2 py-2"
              columns={[
                ...(canAssign ? [{ label: <span className="sr-only">Select</span>, className: "w-8 pl-5 py-2" }] : []),
                { label: "Case", className: canAssign ? "px-2 py-2" : "px-5 py-2" },
                // On a phone the suite goes under the title and who recorded it under the result,
                // so the assignee stays on screen.
                { label: "Suite", className: "hidden px-2 py-2 sm:table-cell" },
                "Result",
                { label: "By", className: "hidden px-2 py-2 md:table-cell" },
                "Assignee",
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {shown.slice(0, 1000).map((result) => (
                <tr key={result.id} data-testid={`result-${result.caseKey}`}>
                  {canAssign ? (
                    <td className="py-2 pl-5 align-top">
                      <input
                        type="checkbox"
                        className="mt-1 accent-brand-600"
                        aria-label={`Select ${result.caseKey}`}
                        checked={selected.has(result.id)}
                        onChange={(e) => toggle(result.id, e.target.checked)}
                      />
                    </td>
                  ) : null}
                  <td className={canAssign ? "px-2 py-2" : "px-5 py-2"}>
                    <Link href={`/projects/${slug}/runs/${run.id}/execute?result=${result.id}`} className="hover:underline">
                      <span className="mr-2 font-mono text-xs whitespace-nowrap text-slate-500">{result.caseKey}</span>
                      {result.title}
                    </Link>
                    {result.suite ? <span className="block text-xs text-slate-500 sm:hidden">{result.suite}</span> : null}
                    {result.newerRevision ? (
                      <Badge className="ml-2" tone="warning">
                        edited since
                      </Badge>
                    ) : null}
                    {result.note ? <Markdown text={result.note} className="mt-0.5 text-xs text-slate-500" /> : null}
                    <DefectLinks slug={slug} runId={run.id} result={result} viewer={viewer} folded className="mt-1" />
                    <FoldedAttachments runId={run.id} result={result} viewer={viewer} />
                  </td>
                  <td className="hidden px-2 py-2 text-xs text-slate-500 sm:table-cell">{result.suite ?? "—"}</td>
                  <td className="px-2 py-2">
                    <ResultBadge status={result.status} />
                    {result.flaky ? (
                      <Badge className="ml-1" tone="warning">
                        flaky
                      </Badge>
                    ) : null}
                    {result.by ? <span className="mt-0.5 block text-xs text-slate-500 md:hidden">{result.by}</span> : null}
                  </td>
                  <td className="hidden px-2 py-2 text-xs text-slate-500 md:table-cell">
                    {result.by ?? "—"} {result.at ? <TimeAgo iso={result.at} /> : null}
                  </td>
                  <td className="px-2 py-2 text-xs text-slate-600">{result.assignee?.name ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {shown.length > 1000 ? (
          <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500">
            Showing the first 1,000 of {shown.length.toLocaleString("en")}: filter by status to see the others.
          </p>
        ) : null}
        {shown.length === 0 ? (
          <p className="px-5 py-6 text-center text-sm text-slate-500">
            {assignee === "mine" ? "No cases of this run are assigned to you." : "No cases match these filters."}
          </p>
        ) : null}
      </Card>

      {run.imports.length > 0 ? (
        <Card className="mt-6">
          <CardHeader title="JUnit reports" description="Each file is attached once; the same file again changes nothing" />
          <ul className="divide-y divide-slate-100 text-sm" aria-label="JUnit reports">
            {run.imports.map((imported) => (
              <li key={imported.id} className="flex flex-wrap justify-between gap-2 px-5 py-2.5">
                <span>
                  <span className="font-mono text-xs">{imported.fileName ?? "report.xml"}</span> · {describeImport(imported.summary)}
                  {imported.upload ? (
                    <span className="mt-0.5 block text-xs text-slate-600">
                      All {imported.upload.files} files of this upload: {describeImport(imported.upload)}
                    </span>
                  ) : null}
                  {imported.summary.warnings.length > 0 ? (
                    <ul className="mt-1 space-y-0.5 text-xs text-amber-800" aria-label={`Warnings of ${imported.fileName ?? "report.xml"}`}>
                      {imported.summary.warnings.map((warning) => (
                        <li key={warning.code}>{warning.message}</li>
                      ))}
                    </ul>
                  ) : null}
                </span>
                <span className="text-xs text-slate-500">
                  {imported.by} <TimeAgo iso={imported.at} />
                </span>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {canAssign ? (
        <AssignDialog
          slug={slug}
          run={run}
          selected={[...selected].filter((id) => run.results.some((r) => r.id === id))}
          mode={assigning ?? "one"}
          open={assigning !== null}
          onOpenChange={(open) => setAssigning(open ? (assigning ?? "one") : null)}
          onAssigned={() => setSelected(new Set())}
        />
      ) : null}
      {canSignOff ? (
        <SignOffDialog key={`${run.id}:${signOff?.id ?? "none"}`} slug={slug} run={run} open={signing} onOpenChange={setSigning} />
      ) : null}
    </>
  );
}

export function RunView({ slug, runId, ...rest }: Omit<RunProps, "run"> & { runId: string }) {
  return <Loaded query={useRun(slug, runId)}>{(run) => <Run slug={slug} run={run} {...rest} />}</Loaded>;
}

/**
 * QA's decision on the run. A decision that no longer stands (voided by a later change, or given by
 * someone whose sign-off does not count) says so first; what it was follows as history, in grey, its
 * waivers no longer in force.
 */
function SignOffSummary({ signOff, titles }: { signOff: NonNullable<RunDto["signOff"]>; titles: Map<string, string> }) {
  const stands = !signOff.voided && !signOff.notCounted;
  const decided = `${signOff.decision === "SIGNED_OFF" ? "Signed off" : "Blocked"} by ${signOff.by}`;
  return (
    <div className="space-y-2 text-sm">
      {signOff.voided ? (
        <p role="status" className="rounded-md bg-amber-50 px-2 py-1.5 font-medium text-amber-800">
          Voided <TimeAgo iso={signOff.voided.at} />: {signOff.voided.reason}. A new decision is needed.
        </p>
      ) : null}
      {signOff.notCounted ? (
        <p role="status" className="rounded-md bg-amber-50 px-2 py-1.5 font-medium text-amber-800">
          {decided}, {signOff.notCounted}: does not count. A QA member&apos;s decision is needed.
        </p>
      ) : null}
      <p className={stands ? "flex items-center gap-1.5 font-medium" : "flex items-center gap-1.5 text-slate-500"}>
        {!stands ? (
          <History className="size-4 text-slate-400" aria-hidden />
        ) : signOff.decision === "SIGNED_OFF" ? (
          <CheckCircle2 className="size-4 text-emerald-600" aria-hidden />
        ) : (
          <ShieldAlert className="size-4 text-rose-600" aria-hidden />
        )}
        <span>
          {stands ? "" : "Was: "}
          {decided} <TimeAgo iso={signOff.at} />
        </span>
      </p>
      <p className={stands ? "text-slate-600" : "text-slate-500"}>“{signOff.comment}”</p>
      {signOff.waivers.length ? (
        <ul className="space-y-0.5 text-xs text-slate-500" aria-label={stands ? "Waivers" : "Waivers no longer in force"}>
          {signOff.waivers.map((w) => (
            <li key={w.resultId}>
              Waived <span className="font-mono">{w.caseKey}</span>
              {titles.has(w.resultId) ? ` ${titles.get(w.resultId)}` : ""}: {w.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
