"use client";
import { Ban, GitCommit, MessageSquare, Package } from "lucide-react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { useFragment } from "@/components/ui/use-fragment";
import { toast } from "sonner";
import { ReleaseChanges } from "@/components/changes/release-changes";
import { TimeAgo } from "@/components/format/time";
import { ReasonDialog } from "@/components/promotions/reason-dialog";
import { StatusBadge } from "@/components/promotions/status-badge";
import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Markdown } from "@/components/markdown/markdown";
import { MentionTextarea } from "@/components/mentions/mention-textarea";
import { Field } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { ApiError } from "@/lib/http/fetch-json";
import { Loaded } from "@/components/query/loaded";
import { useAbandonRelease, useCommentOnRelease, useRelease } from "@/lib/releases/hooks";
import type { ReleaseDto } from "@/lib/releases/schemas";

function CommentForm({ slug, version }: { slug: string; version: string }) {
  const comment = useCommentOnRelease(slug, version);
  const [body, setBody] = useState("");
  useUnsavedChanges(body.trim() !== "", "Leave without posting? Your comment will be lost.");
  const error = comment.error instanceof ApiError ? comment.error : undefined;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    comment.mutate(body, { onSuccess: () => setBody("") });
  }
  return (
    <form onSubmit={submit} className="space-y-2 border-t border-slate-100 p-5" noValidate>
      <Field
        label="Add to the discussion"
        hint="Markdown works; @ mentions a member, who is notified"
        error={error?.field("body") ?? error?.message}
      >
        <MentionTextarea
          value={body}
          onValueChange={setBody}
          rows={3}
          placeholder="What should the team know about this release?"
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) event.currentTarget.form?.requestSubmit();
          }}
        />
      </Field>
      <div className="flex items-center justify-between">
        <span className="text-xs text-slate-500">Ctrl+Enter to post</span>
        <Button type="submit" size="sm" loading={comment.isPending}>
          Comment
        </Button>
      </div>
    </form>
  );
}

export function ReleaseView({
  slug,
  version,
  canAbandon,
  canComment,
}: {
  slug: string;
  version: string;
  canAbandon: boolean;
  canComment: boolean;
}) {
  return (
    <Loaded query={useRelease(slug, version)}>
      {(release) => <Release release={release} canAbandon={canAbandon} canComment={canComment} />}
    </Loaded>
  );
}

function Release({ release, canAbandon, canComment }: { release: ReleaseDto; canAbandon: boolean; canComment: boolean }) {
  // A comment a notification links to (#comment-…) is marked.
  const fragment = useFragment();
  const slug = release.project.slug;
  const version = release.version;
  const abandon = useAbandonRelease(slug, version);
  const [abandoning, setAbandoning] = useState(false);
  // Where abandoning would leave it running or deploying: "runs in staging", "is deploying to production".
  const runningIn = release.environments.flatMap((env) =>
    env.current ? [`runs in ${env.name}`] : env.status === "APPROVED" || env.status === "DEPLOYING" ? [`is deploying to ${env.name}`] : [],
  );

  return (
    <>
      <PageHeader
        eyebrow={
          <Link href={`/projects/${slug}/releases`} className="hover:underline">
            {release.project.name} · releases
          </Link>
        }
        title={
          <span className="flex items-center gap-2">
            <span className="font-mono">{release.version}</span>
            {release.abandoned ? <Badge tone="neutral">abandoned</Badge> : null}
          </span>
        }
        description={
          <>
            Registered <TimeAgo iso={release.createdAt} /> by {release.createdBy}
          </>
        }
        actions={
          canAbandon && !release.abandoned ? (
            <Button variant="secondary" onClick={() => setAbandoning(true)}>
              <Ban className="size-4" aria-hidden /> Abandon
            </Button>
          ) : null
        }
      />
      {release.abandoned ? (
        <p role="status" className="mb-6 rounded-md border border-slate-200 bg-slate-100 px-4 py-2 text-sm text-slate-600">
          Abandoned <TimeAgo iso={release.abandoned.at} />: “{release.abandoned.reason}”. It can no longer be promoted.
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-1">
          <Card className="p-5 text-sm">
            <dl className="space-y-3">
              <div>
                <dt className="flex items-center gap-1 text-xs text-slate-500">
                  <GitCommit className="size-3.5" aria-hidden /> Commit
                </dt>
                <dd className="font-mono break-all">{release.commitSha}</dd>
              </div>
              {release.artifactRef ? (
                <div>
                  <dt className="flex items-center gap-1 text-xs text-slate-500">
                    <Package className="size-3.5" aria-hidden /> Artifact
                  </dt>
                  <dd className="font-mono text-xs break-all">{release.artifactRef}</dd>
                </div>
              ) : null}
              {release.notes ? (
                <div>
                  <dt className="text-xs text-slate-500">Notes</dt>
                  <dd>
                    <Markdown text={release.notes} />
                  </dd>
                </div>
              ) : null}
            </dl>
          </Card>
          <Card>
            <CardHeader title="Pipeline" description="Its latest promotion in each environment" />
            <ol aria-label="Pipeline" className="divide-y divide-slate-100">
              {release.environments.map((env) => (
                <li key={env.id} className="flex flex-wrap items-center justify-between gap-x-2 px-5 py-2.5 text-sm">
                  <span className="font-medium">{env.name}</span>
                  <span className="flex items-center gap-2 text-xs text-slate-500">
                    {env.number ? `#${env.number}` : null}
                    {env.rolledBack ? (
                      <Badge tone="warning">rolled back</Badge>
                    ) : env.status ? (
                      <StatusBadge status={env.status} />
                    ) : (
                      <span className="text-slate-500">not yet</span>
                    )}
                  </span>
                  {env.rolledBack ? (
                    <p className="basis-full text-xs text-amber-800">
                      Rolled back from {env.name}
                      {env.rolledBack.by ? ` by ${env.rolledBack.by}` : ""}
                      {env.rolledBack.reason ? `: ${env.rolledBack.reason}` : ""}
                    </p>
                  ) : null}
                </li>
              ))}
            </ol>
          </Card>
          <ReleaseChanges slug={slug} version={release.version} environments={release.environments} />
          <Card>
            <CardHeader
              title="Test runs"
              description="QA's runs of this release"
              actions={
                <Link
                  href={`/projects/${slug}/runs?release=${encodeURIComponent(release.version)}`}
                  className={buttonClass("secondary", "sm")}
                >
                  New run
                </Link>
              }
            />
            {release.runs.length === 0 ? (
              <p className="px-5 py-4 text-sm text-slate-500">No test run yet.</p>
            ) : (
              <ul aria-label="Test runs" className="divide-y divide-slate-100">
                {release.runs.map((run) => (
                  <li key={run.id} className="flex items-center justify-between px-5 py-2.5 text-sm">
                    <Link href={`/projects/${slug}/runs/${run.id}`} className="hover:underline">
                      #{run.number} on {run.environment} <span className="text-xs text-slate-500">{run.total} cases</span>
                    </Link>
                    <Badge
                      tone={
                        run.state === "signed off"
                          ? "success"
                          : run.state === "blocked"
                            ? "danger"
                            : run.state === "voided"
                              ? "warning"
                              : "neutral"
                      }
                    >
                      {run.state}
                    </Badge>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
        <Card className="lg:col-span-2">
          <CardHeader title="Timeline" description="Everything that happened to this release: who, when and why" />
          <ol aria-label="Timeline" className="divide-y divide-slate-100">
            {release.timeline.map((item) => (
              <li
                key={item.seq}
                id={item.commentId ? `comment-${item.commentId}` : undefined}
                data-targeted={(item.commentId && fragment === `#comment-${item.commentId}`) || undefined}
                className="flex scroll-mt-20 gap-3 px-5 py-3 text-sm data-targeted:bg-amber-50 data-targeted:ring-2 data-targeted:ring-amber-300 data-targeted:ring-inset"
              >
                {item.action === "release.commented" ? (
                  <MessageSquare className="mt-1 size-4 shrink-0 text-slate-500" aria-hidden />
                ) : (
                  <Avatar name={item.actor} className="mt-0.5 size-6 text-[10px]" />
                )}
                <div className="min-w-0 flex-1">
                  <p className="text-slate-700">
                    <span className="font-medium text-slate-900">{item.actor}</span> {item.text}
                  </p>
                  {item.body ? <Markdown text={item.body} className="mt-1 rounded-md bg-slate-50 px-3 py-2 text-slate-800" /> : null}
                  {item.reason ? <p className="mt-0.5 text-xs text-slate-500">“{item.reason}”</p> : null}
                </div>
                <span className="shrink-0 text-xs text-slate-500">
                  <TimeAgo iso={item.at} />
                </span>
              </li>
            ))}
          </ol>
          {canComment ? <CommentForm slug={slug} version={version} /> : null}
        </Card>
      </div>
      <ReasonDialog
        open={abandoning}
        onOpenChange={setAbandoning}
        title={`Abandon ${release.version}?`}
        description={
          <>
            It stays on record but can no longer be promoted; its waiting promotions are cancelled.
            {runningIn.length > 0 ? (
              <span role="alert" className="mt-2 block rounded-md bg-amber-50 px-3 py-2 text-amber-900">
                {release.version} {runningIn.join(" and ")} now. Abandoning it does not take it out: roll{" "}
                {runningIn.length === 1 ? "that environment" : "those environments"} back to stop it.
              </span>
            ) : null}
          </>
        }
        label="Why is it abandoned?"
        field="reason"
        required
        confirmLabel="Abandon release"
        tone="danger"
        onConfirm={(reason) => abandon.mutateAsync(reason).then(() => toast.success(`${release.version} is abandoned`))}
      />
    </>
  );
}
