"use client";
import { Download, ScrollText, ShieldAlert, ShieldCheck } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { Fragment, useState, useSyncExternalStore, type FormEvent } from "react";
import { TimeAgo } from "@/components/format/time";
import { ErrorMessage } from "@/components/query/loaded";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { TableHead } from "@/components/ui/table";
import { changeAddress } from "@/components/ui/use-address";
import { actionPrefixes, AUDIT_FILTERS, auditFiltersOf } from "@/lib/audit/filters";
import { auditQuery, useAuditEvents, useVerifyAudit } from "@/lib/audit/hooks";
import { OWN_ACTIONS, type AuditRowDto } from "@/lib/audit/schemas";
import { SYSTEM_NAME } from "@/lib/auth/actor";
import { plural } from "@/lib/format/plural";

/** The form's fields (`objectType` has none: an address may still hold it). */
type Draft = { actor: string; action: string; project: string; objectId: string; from: string; to: string };

/** datetime-local gives wall-clock time; the API and the address take an instant. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : "");

/** An instant as datetime-local shows it, in this browser's time zone. */
function toLocal(instant: string | undefined): string {
  if (!instant) return "";
  const at = new Date(instant);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}

const draftOf = (filters: Record<string, string>): Draft => ({
  actor: filters.actor ?? "",
  action: filters.action ?? "",
  project: filters.project ?? "",
  objectId: filters.objectId ?? "",
  from: toLocal(filters.from),
  to: toLocal(filters.to),
});

const noSubscription = () => () => {};

function VerifyPanel() {
  const verify = useVerifyAudit();
  const result = verify.data;
  return (
    <Card className="mb-6">
      <CardHeader
        title="Integrity"
        description="Recomputes the hash chain from the first event to the last: an edited, deleted or reordered event is named."
        actions={
          <Button size="sm" onClick={() => verify.mutate()} loading={verify.isPending}>
            <ShieldCheck className="size-3.5" aria-hidden /> Verify the trail
          </Button>
        }
      />
      {verify.isError ? <ErrorMessage className="px-5 py-3">{verify.error.message}</ErrorMessage> : null}
      {result ? (
        <div className="px-5 py-4 text-sm" role="status" data-testid="verification">
          {result.ok ? (
            <p className="flex items-center gap-2 text-emerald-700">
              <ShieldCheck className="size-4" aria-hidden /> Intact: {result.checked.toLocaleString("en")} events checked in {result.ms} ms.
              Head #{result.head?.seq} <code className="text-xs text-slate-500">{result.head?.hash.slice(0, 16)}…</code>
            </p>
          ) : (
            <div className="text-rose-700">
              <p className="flex items-center gap-2 font-medium">
                <ShieldAlert className="size-4" aria-hidden /> Tampered with: {plural(result.problems.length, "problem")}
              </p>
              <ul className="mt-2 list-disc space-y-1 pl-6">
                {result.problems.map((p) => (
                  <li key={`${p.seq}-${p.kind}`}>{p.message}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      ) : null}
    </Card>
  );
}

function EventRow({ event }: { event: AuditRowDto }) {
  const [open, setOpen] = useState(false);
  return (
    <Fragment>
      <tr data-testid={`audit-${event.seq}`}>
        <td className="px-4 py-2 align-top text-xs whitespace-nowrap text-slate-500">
          #{event.seq}
          <div>
            <TimeAgo iso={event.occurredAt} />
          </div>
        </td>
        <td className="px-4 py-2 align-top">
          <div className="font-medium text-slate-900">{event.actor}</div>
          {event.actorKind !== "MEMBER" ? <Badge>{event.actorKind.toLowerCase()}</Badge> : null}
        </td>
        <td className="px-4 py-2 align-top">
          <div className="text-slate-800">{event.text}</div>
          <code className="text-xs text-slate-500">{event.action}</code>
          {event.reason ? <div className="mt-0.5 text-xs text-slate-600">Why: {event.reason}</div> : null}
        </td>
        <td className="px-4 py-2 align-top text-xs text-slate-600">
          {event.objectType} <span className="text-slate-500">{event.objectId.slice(-8)}</span>
          {event.project ? <div>{event.project}</div> : null}
        </td>
        <td className="px-4 py-2 text-right align-top">
          <Button variant="ghost" size="sm" aria-expanded={open} onClick={() => setOpen(!open)}>
            {open ? "Hide" : "Details"}
          </Button>
        </td>
      </tr>
      {open ? (
        <tr className="bg-slate-50/60">
          <td colSpan={5} className="px-4 py-3">
            <pre className="overflow-x-auto text-xs whitespace-pre-wrap text-slate-700">
              {JSON.stringify(
                { before: event.before, after: event.after, origin: event.origin, prevHash: event.prevHash, hash: event.hash },
                null,
                2,
              )}
            </pre>
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

export function AuditLog({
  members,
  projects,
  actions,
  canVerify,
}: {
  members: { id: string; name: string }[];
  projects: { slug: string; name: string }[];
  actions: string[];
  canVerify: boolean;
}) {
  // The filters applied are the address's (lib/audit/filters.ts): Back, a reload and a shared link
  // show the same events. The form is a draft of them until Filter, which Back undoes.
  const filters = auditFiltersOf(useSearchParams(), { members: members.map((m) => m.id), actions, projects: projects.map((p) => p.slug) });
  const applied = auditQuery(filters);
  // The fields are the browser's own (uncontrolled): a choice made while the page's scripts are
  // still loading stays, and without them the form is a plain GET of this page. A new address
  // (Filter, Back, a link) or Clear gives fresh fields showing it.
  const [cleared, setCleared] = useState(0);
  const draft = draftOf(filters);
  // Dates are shown in this browser's time zone, so only once in the browser (the server's may differ).
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const events = useAuditEvents(filters);
  const prefixes = actionPrefixes(actions);
  const filterBy = (next: Record<string, string>) =>
    changeAddress("push", Object.fromEntries(AUDIT_FILTERS.map((field) => [field, next[field]?.trim() || null])));
  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(
      [...new FormData(event.currentTarget).entries()].map(([key, value]) => [key, typeof value === "string" ? value : ""]),
    ) as Draft;
    filterBy({ ...filters, ...form, from: toInstant(form.from), to: toInstant(form.to) });
  }
  const rows = events.data?.pages.flatMap((page) => page.events) ?? [];
  return (
    <>
      {canVerify ? <VerifyPanel /> : null}
      <Card>
        <form
          key={`${applied}#${cleared}`}
          method="get"
          onSubmit={apply}
          className="grid gap-3 border-b border-slate-100 p-4 md:grid-cols-4"
          aria-label="Filter the audit trail"
        >
          <Field label="Who">
            <Select name="actor" defaultValue={draft.actor}>
              <option value="">Anyone</option>
              <option value={OWN_ACTIONS}>{SYSTEM_NAME} (its own actions)</option>
              {members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="What">
            <Select name="action" defaultValue={draft.action}>
              <option value="">Any action</option>
              {prefixes.map((prefix) => (
                <optgroup key={prefix} label={prefix.slice(0, -1)}>
                  <option value={prefix}>all {prefix.slice(0, -1)} actions</option>
                  {actions
                    .filter((a) => a.startsWith(prefix))
                    .map((a) => (
                      <option key={a} value={a}>
                        {a}
                      </option>
                    ))}
                </optgroup>
              ))}
            </Select>
          </Field>
          <Field label="Project">
            <Select name="project" defaultValue={draft.project}>
              <option value="">All projects</option>
              {projects.map((p) => (
                <option key={p.slug} value={p.slug}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Object id" hint="A release, promotion, run…">
            <Input name="objectId" defaultValue={draft.objectId} />
          </Field>
          <Field label="From">
            <Input key={String(inBrowser)} type="datetime-local" name="from" defaultValue={inBrowser ? draft.from : ""} />
          </Field>
          <Field label="Until">
            <Input key={String(inBrowser)} type="datetime-local" name="to" defaultValue={inBrowser ? draft.to : ""} />
          </Field>
          <div className="flex flex-wrap items-end gap-2 md:col-span-2">
            <Button type="submit">Filter</Button>
            <Button
              variant="ghost"
              onClick={() => {
                setCleared((n) => n + 1);
                filterBy({});
              }}
            >
              Clear
            </Button>
            <span className="flex-1" />
            <a className={buttonClass("secondary", "sm")} href={`/api/v1/audit/export?${auditQuery({ ...filters, format: "jsonl" })}`}>
              <Download className="size-3.5" aria-hidden /> JSON Lines
            </a>
            <a className={buttonClass("secondary", "sm")} href={`/api/v1/audit/export?${auditQuery({ ...filters, format: "csv" })}`}>
              <Download className="size-3.5" aria-hidden /> CSV
            </a>
          </div>
        </form>
        {events.isPending ? (
          <Skeleton className="m-4 h-64" />
        ) : events.isError ? (
          <ErrorMessage className="p-4">{events.error.message}</ErrorMessage>
        ) : rows.length === 0 ? (
          <EmptyState icon={<ScrollText className="size-8" />} title="No events match" />
        ) : (
          <>
            <div className="relative overflow-x-auto">
              <table className="w-full text-sm">
                <TableHead
                  className="px-4 py-2.5"
                  columns={["When", "Who", "What", "Object", { label: <span className="sr-only">Details</span> }]}
                />
                <tbody className="divide-y divide-slate-100">
                  {rows.map((event) => (
                    <EventRow key={event.seq} event={event} />
                  ))}
                </tbody>
              </table>
            </div>
            {events.hasNextPage ? (
              <div className="border-t border-slate-100 p-3 text-center">
                <Button variant="secondary" size="sm" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>
                  Older events
                </Button>
              </div>
            ) : null}
          </>
        )}
      </Card>
    </>
  );
}
