"use client";
import { FolderKanban, Search } from "lucide-react";
import { projectMatches } from "@/lib/projects/match";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Loaded } from "@/components/query/loaded";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { changeAddress } from "@/components/ui/use-address";
import { relativeTime } from "@/lib/format/time";
import { usePortfolioBoard } from "@/lib/promotions/hooks";
import type { PortfolioBoardDto, PortfolioCell } from "@/lib/promotions/portfolio";

type Row = PortfolioBoardDto["projects"][number];

export function PortfolioBoard() {
  return <Loaded query={usePortfolioBoard()}>{(board) => <Board board={board} />}</Loaded>;
}

function Board({ board }: { board: PortfolioBoardDto }) {
  // The filter lives in the address (Back, a reload and a shared link show the same rows); the
  // history API keeps Next.js's search params in step without a server round trip per key.
  const filter = useSearchParams().get("q") ?? "";
  const shown = board.projects.filter((row) => projectMatches(row.project, filter));
  // Only the environments the projects shown have: a filtered board is as wide as they need.
  const columns = board.environments.flatMap((name, index) => (shown.some((row) => row.cells[index]) ? [{ name, index }] : []));
  const onFilter = (value: string) => changeAddress({ typed: "q" }, { q: value.trim() ? value : null });
  return (
    <div>
      <PageHeader
        eyebrow="All projects"
        title="Release board"
        description="What runs in each environment of every project, what is being deployed, and what waits. It updates as things happen."
        actions={
          <label className="relative block w-full sm:w-64">
            <span className="sr-only">Filter projects by name</span>
            <Search className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-slate-500" aria-hidden />
            <Input
              type="search"
              value={filter}
              onChange={(event) => onFilter(event.target.value)}
              placeholder="Filter projects"
              className="pl-8"
            />
          </label>
        }
      />
      {board.projects.length === 0 ? (
        <Card>
          <EmptyState icon={<FolderKanban className="size-6" />} title="No project yet">
            Create a project to see what runs where.
          </EmptyState>
        </Card>
      ) : shown.length === 0 ? (
        <Card>
          <EmptyState title={<span className="[overflow-wrap:anywhere]">No project matches “{filter.trim().replace(/\s+/g, " ")}”</span>}>
            Try part of a project’s name or key.
          </EmptyState>
        </Card>
      ) : (
        <>
          <p className="sr-only" role="status">
            {shown.length} of {board.projects.length} projects shown
          </p>
          {/* A table from a tablet up; on a phone, one card per project. */}
          <Card className="hidden overflow-x-auto md:block">
            <table className="w-full text-sm">
              <caption className="sr-only">What runs in each environment, by project</caption>
              <thead>
                <tr className="border-b border-slate-100 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
                  <th scope="col" className="px-4 py-2.5">
                    Project
                  </th>
                  {columns.map(({ name }) => (
                    <th key={name} scope="col" className="px-4 py-2.5">
                      {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <tr key={row.project.slug} className="border-b border-slate-100 align-top last:border-0">
                    <th scope="row" className="px-4 py-3 text-left font-medium">
                      <ProjectLink row={row} />
                    </th>
                    {columns.map(({ name, index }) => (
                      <td key={name} className="px-4 py-3">
                        <Cell cell={row.cells[index] ?? null} slug={row.project.slug} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <ul className="space-y-3 md:hidden" aria-label="Projects">
            {shown.map((row) => (
              <li key={row.project.slug}>
                <Card className="p-4">
                  <ProjectLink row={row} />
                  <dl className="mt-3 space-y-2 text-sm">
                    {row.cells.map((cell, index) =>
                      cell ? (
                        <div key={board.environments[index]} className="flex items-start justify-between gap-3">
                          <dt className="text-slate-500">{board.environments[index]}</dt>
                          <dd className="text-right">
                            <Cell cell={cell} slug={row.project.slug} />
                          </dd>
                        </div>
                      ) : null,
                    )}
                  </dl>
                </Card>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ProjectLink({ row }: { row: Row }) {
  return (
    <Link href={`/projects/${row.project.slug}`} className="text-slate-900 hover:underline">
      {row.project.name} <span className="font-mono text-xs text-slate-500">{row.project.key}</span>
    </Link>
  );
}

function Cell({ cell, slug }: { cell: PortfolioCell | null; slug: string }) {
  if (!cell) return <span className="text-slate-500">—</span>;
  return (
    <div className="flex flex-col items-start gap-1 max-md:items-end">
      {cell.current ? (
        <span>
          <span className="font-mono text-slate-900">{cell.current.version}</span>{" "}
          <span className="text-xs text-slate-500">
            {cell.current.isRollback ? "(a rollback) since " : "since "}
            <time dateTime={cell.current.since} title={new Date(cell.current.since).toLocaleString()}>
              {relativeTime(cell.current.since)}
            </time>
          </span>
        </span>
      ) : (
        <span className="text-slate-500">Nothing deployed</span>
      )}
      {cell.inFlight ? (
        <Badge tone="info">
          {cell.inFlight.isRollback
            ? `${cell.inFlight.status === "DEPLOYING" ? "Rolling back to" : "Rollback approved:"} ${cell.inFlight.version}`
            : `${cell.inFlight.status === "DEPLOYING" ? "Deploying" : "Approved"} ${cell.inFlight.version}`}
        </Badge>
      ) : null}
      {cell.waiting ? (
        <>
          <Link
            href={`/projects/${slug}`}
            className="rounded-full focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-1 focus-visible:outline-none"
          >
            <Badge tone="warning">
              {cell.waiting.isRollback ? "Rollback to" : "Waiting:"} {cell.waiting.version} · {cell.waiting.checks.passed}/
              {cell.waiting.checks.total} checks
            </Badge>
          </Link>
          {cell.waiting.waitingOn ? (
            <span className="block max-w-56 text-xs text-slate-600">Waits on: {cell.waiting.waitingOn}</span>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
