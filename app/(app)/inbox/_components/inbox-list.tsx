"use client";
import { CheckCheck } from "lucide-react";
import Link from "next/link";
import { PipelineChangeCard } from "@/components/pipeline/pipeline-change-card";
import { PromotionCard } from "@/components/promotions/promotion-card";
import { QueueCard } from "@/components/test-runs/queue-card";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useInbox } from "@/lib/inbox/hooks";
import type { InboxItem } from "@/lib/inbox/queries";
import { Loaded } from "@/components/query/loaded";

export function InboxList() {
  return (
    <Loaded query={useInbox()} placeholder={<Skeleton className="h-40" />}>
      {(items) => <Items items={items} />}
    </Loaded>
  );
}

function Items({ items }: { items: InboxItem[] }) {
  if (items.length === 0) {
    return (
      <Card>
        <EmptyState icon={<CheckCheck className="size-8" />} title="Nothing waits on you">
          When a promotion needs your approval, a deployment your report, a pipeline change an admin&apos;s decision, or a run has cases
          assigned to you to execute, it shows here.
        </EmptyState>
      </Card>
    );
  }
  return (
    <ul className="grid gap-4 lg:grid-cols-2" aria-label="Waiting on me">
      {items.map((item) =>
        item.kind === "queue" ? (
          <li key={`queue-${item.run.id}`} className="space-y-1.5">
            <p className="text-xs text-slate-500">
              <span className="font-medium text-slate-700">My queue</span> ·{" "}
              <Link href={`/projects/${item.project.slug}`} className="hover:underline">
                {item.project.name}
              </Link>{" "}
              · {item.run.environment}
            </p>
            <QueueCard slug={item.project.slug} item={item} />
          </li>
        ) : item.kind === "pipeline-change" ? (
          <li key={item.change.id} className="space-y-1.5">
            <p className="text-xs text-slate-500">
              <span className="font-medium text-slate-700">Your decision</span> ·{" "}
              <Link href={`/projects/${item.project.slug}`} className="hover:underline">
                {item.project.name}
              </Link>{" "}
              · pipeline
            </p>
            <PipelineChangeCard slug={item.project.slug} change={item.change} />
          </li>
        ) : (
          <li key={item.promotion.id} className="space-y-1.5">
            <p className="text-xs text-slate-500">
              <span className="font-medium text-slate-700">
                {item.kind === "approve" ? "Your approval" : item.kind === "report" ? "Your report" : "Your sign-off"}
              </span>{" "}
              ·{" "}
              <Link href={`/projects/${item.project.slug}`} className="hover:underline">
                {item.project.name}
              </Link>{" "}
              · {item.promotion.environment.name}
            </p>
            <PromotionCard promotion={item.promotion} slug={item.project.slug} />
          </li>
        ),
      )}
    </ul>
  );
}
