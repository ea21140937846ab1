"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { TimeAgo } from "@/components/format/time";
import { Markdown } from "@/components/markdown/markdown";
import { Skeleton } from "@/components/ui/skeleton";
import type { ChangesDto } from "@/lib/changes/schemas";

const more = (total: number, shown: number) => (total > shown ? <li className="text-slate-500">and {total - shown} more</li> : null);

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `changes-${title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} className="min-w-0">
      <h4 id={id} className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
        {title}
      </h4>
      <div className="mt-1 text-sm">{children}</div>
    </section>
  );
}

function Commits({ changes }: { changes: ChangesDto }) {
  const { commits } = changes;
  switch (commits.state) {
    case "no-repository":
      return <p className="text-slate-500">The project names no repository (Settings), so commits are not listed.</p>;
    case "unavailable":
      return <p className="text-amber-800">The repository could not be read: {commits.reason}</p>;
    case "unknown-sha":
      return (
        <p className="text-amber-800">
          Commit <code className="font-mono break-all">{commits.sha}</code> is not in the repository, so commits are not listed.
        </p>
      );
    case "listed":
      return commits.items.length === 0 ? (
        <p className="text-slate-500">No commits.</p>
      ) : (
        <ul className="space-y-1" aria-label="Commits">
          {commits.items.map((commit) => (
            <li key={commit.sha} className="min-w-0">
              <code className="mr-1.5 font-mono text-xs text-slate-600" title={commit.sha}>
                {commit.shortSha}
              </code>
              <span className="break-words text-slate-900">{commit.subject}</span>
              <span className="block text-xs text-slate-500">
                {commit.author}, <TimeAgo iso={commit.date} />
              </span>
            </li>
          ))}
          {more(commits.total, commits.items.length)}
        </ul>
      );
  }
}

function Cases({ label, list }: { label: string; list: ChangesDto["tests"]["newlyFailing"] }) {
  if (list.total === 0) return null;
  return (
    <div className="mt-1">
      <p className="text-xs font-medium text-slate-700">
        {label} ({list.total})
      </p>
      <ul className="mt-0.5 space-y-0.5" aria-label={label}>
        {list.items.map((c) => (
          <li key={c.key} className="min-w-0 break-words">
            <Link href={c.href} className="mr-1 font-mono text-xs text-blue-700 hover:underline">
              {c.key}
            </Link>
            {c.title}
          </li>
        ))}
        {more(list.total, list.items.length)}
      </ul>
    </div>
  );
}

function Tests({ changes }: { changes: ChangesDto }) {
  const { tests } = changes;
  if (!tests.environment) return <p className="text-slate-500">No environment comes before this one to take test evidence from.</p>;
  const run = (r: NonNullable<ChangesDto["tests"]["candidateRun"]>) => (
    <Link href={r.href} className="text-blue-700 hover:underline">
      run #{r.number}
      {r.signedOff ? " (signed off)" : " (newest, not signed off)"}
    </Link>
  );
  const candidate = tests.candidateRun ? <>{run(tests.candidateRun)} of this release</> : <>no test run of this release yet</>;
  const against =
    changes.direction === "same" ? (
      <>; this release is the one running now.</>
    ) : !changes.running ? (
      <>; nothing runs in {changes.environment} yet to compare with.</>
    ) : tests.runningRun ? (
      <>, against {run(tests.runningRun)} of the running release.</>
    ) : (
      <>; the running release has no test run to compare with.</>
    );
  const none = [tests.newlyFailing, tests.newlyPassing, tests.flaky, tests.notRun].every((l) => l.total === 0);
  return (
    <>
      <p className="text-xs text-slate-500">
        On {tests.environment}: {candidate}
        {against}
      </p>
      {tests.candidateRun && none ? <p className="mt-1 text-slate-500">No test changes.</p> : null}
      <Cases label="Newly failing" list={tests.newlyFailing} />
      <Cases label="Newly passing" list={tests.newlyPassing} />
      <Cases label="Flaky" list={tests.flaky} />
      <Cases label="Not run" list={tests.notRun} />
    </>
  );
}

/** What a promotion changes against the release running in the environment now. */
export function ChangesView({ changes }: { changes: ChangesDto }) {
  const { running, releases } = changes;
  return (
    <div className="space-y-3" data-testid="changes">
      <p className="text-sm text-slate-700">
        {running ? (
          changes.direction === "same" ? (
            <>
              {changes.release.version} already runs in {changes.environment}.
            </>
          ) : changes.direction === "back" ? (
            <>
              Rolls {changes.environment} back from <span className="font-mono">{running.version}</span>: these are taken out.
            </>
          ) : (
            <>
              Against <span className="font-mono">{running.version}</span>, running in {changes.environment} now.
            </>
          )
        ) : (
          <>
            Nothing runs in {changes.environment} yet: everything up to {changes.release.version}.
          </>
        )}
        {changes.compareUrl ? (
          <>
            {" "}
            <a href={changes.compareUrl} target="_blank" rel="noreferrer" className="text-blue-700 hover:underline">
              Compare<span className="sr-only"> the commits (opens in a new tab)</span>
            </a>
          </>
        ) : null}
      </p>
      <Section title="Releases">
        {releases.items.length === 0 ? (
          <p className="text-slate-500">No releases in between.</p>
        ) : (
          <ul className="space-y-1.5" aria-label="Releases">
            {releases.items.map((release) => (
              <li key={release.version} className="min-w-0">
                <span className="font-mono font-medium text-slate-900">{release.version}</span>{" "}
                <span className="text-xs text-slate-500">
                  by {release.createdBy}, <TimeAgo iso={release.createdAt} />
                </span>
                {release.notes ? <Markdown text={release.notes} className="mt-1 text-xs text-slate-700" /> : null}
              </li>
            ))}
            {more(releases.total, releases.items.length)}
          </ul>
        )}
      </Section>
      <Section title="Commits">
        <Commits changes={changes} />
      </Section>
      <Section title="Tests">
        <Tests changes={changes} />
      </Section>
    </div>
  );
}

export function ChangesLoading() {
  return (
    <div className="space-y-2" role="status" aria-label="Loading what changes">
      <Skeleton className="h-4 w-2/3" />
      <Skeleton className="h-4 w-1/2" />
      <Skeleton className="h-4 w-3/4" />
    </div>
  );
}
