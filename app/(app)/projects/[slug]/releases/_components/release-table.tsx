"use client";
import { TableHead } from "@/components/ui/table";
import { Package, Plus, Search } from "lucide-react";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { TimeAgo } from "@/components/format/time";
import { releaseHref } from "@/components/promotions/promotion-card";
import { CreateReleaseDialog } from "@/components/releases/create-release-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Skeleton } from "@/components/ui/skeleton";
import { useReleases } from "@/lib/releases/hooks";

export function ReleaseTable({ slug, canCreate }: { slug: string; canCreate: boolean }) {
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const deferred = useDeferredValue(search.trim());
  const { data, isPending, isError, error, isPlaceholderData } = useReleases(slug, page, deferred);
  const [creating, setCreating] = useState(false);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <>
      <PageHeader
        title="Releases"
        description="Every registered artifact, newest first, and where it runs now."
        actions={
          canCreate ? (
            <Button onClick={() => setCreating(true)}>
              <Plus className="size-4" aria-hidden /> New release
            </Button>
          ) : null
        }
      />
      <Card>
        <div className="flex items-center gap-3 border-b border-slate-100 px-5 py-3">
          <Search className="size-4 text-slate-500" aria-hidden />
          <Input
            aria-label="Search releases by version"
            placeholder="Search by version…"
            value={search}
            onChange={(event) => {
              setSearch(event.target.value);
              setPage(1);
            }}
            className="max-w-xs border-0 shadow-none focus:ring-0"
          />
          {data ? <span className="ml-auto text-xs text-slate-500">{data.total} releases</span> : null}
        </div>
        {isPending ? (
          <div className="space-y-2 p-5">
            <Skeleton className="h-8" />
            <Skeleton className="h-8" />
          </div>
        ) : isError ? (
          <p role="alert" className="p-5 text-sm text-rose-600">
            {error.message}
          </p>
        ) : data.releases.length === 0 ? (
          <EmptyState icon={<Package className="size-8" />} title={deferred ? `No release matches “${deferred}”` : "No releases yet"}>
            {deferred ? "Try another version." : "Register one here, or let CI register them."}
          </EmptyState>
        ) : (
          <div className="relative overflow-x-auto">
            <table className={`w-full text-sm ${isPlaceholderData ? "opacity-60" : ""}`}>
              <TableHead className="px-5 py-2.5" columns={["Version", "Commit", "Runs in", "Registered"]} />
              <tbody className="divide-y divide-slate-100">
                {data.releases.map((release) => (
                  <tr key={release.id} className={release.abandoned ? "text-slate-500" : undefined}>
                    <td className="px-5 py-2.5">
                      <Link href={releaseHref(slug, release.version)} className="font-mono font-medium text-slate-900 hover:underline">
                        {release.version}
                      </Link>
                      {release.abandoned ? (
                        <Badge className="ml-2" tone="neutral">
                          abandoned
                        </Badge>
                      ) : null}
                    </td>
                    <td className="px-5 py-2.5 font-mono text-xs text-slate-500">{release.commitSha.slice(0, 10)}</td>
                    <td className="px-5 py-2.5">
                      <div className="flex flex-wrap gap-1">
                        {release.runningIn.map((env) => (
                          <Badge key={env} tone="success">
                            {env}
                          </Badge>
                        ))}
                      </div>
                    </td>
                    <td className="px-5 py-2.5 text-xs text-slate-500">
                      <TimeAgo iso={release.createdAt} /> by {release.createdBy}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && pages > 1 ? (
          <nav aria-label="Pages" className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm">
            <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Newer
            </Button>
            <span className="text-slate-500">
              Page {page} of {pages}
            </span>
            <Button variant="secondary" size="sm" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Older
            </Button>
          </nav>
        ) : null}
      </Card>
      {canCreate ? <CreateReleaseDialog slug={slug} open={creating} onOpenChange={setCreating} /> : null}
    </>
  );
}
