"use client";
import { CheckCheck } from "lucide-react";
import Link from "next/link";
import { PromotionCard } from "@/components/promotions/promotion-card";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useInbox } from "@/lib/promotions/hooks";

export function InboxList() {
  const { data: items, isPending, isError, error } = useInbox();
  if (isPending) return <Skeleton className="h-40" />;
  if (isError)
    return (
      <p role="alert" className="text-sm text-rose-600">
        {error.message}
      </p>
    );
  if (items.length === 0) {
    return (
      <Card>
        <EmptyState icon={<CheckCheck className="size-8" />} title="Nothing waits on you">
          When a promotion needs your approval, or a deployment your report, it shows here.
        </EmptyState>
      </Card>
    );
  }
  return (
    <ul className="grid gap-4 lg:grid-cols-2" aria-label="Waiting on me">
      {items.map((item) => (
        <li key={item.promotion.id} className="space-y-1.5">
          <p className="text-xs text-slate-500">
            <span className="font-medium text-slate-700">{item.kind === "approve" ? "Your approval" : "Your report"}</span> ·{" "}
            <Link href={`/projects/${item.project.slug}`} className="hover:underline">
              {item.project.name}
            </Link>{" "}
            · {item.promotion.environment.name}
          </p>
          <PromotionCard promotion={item.promotion} slug={item.project.slug} />
        </li>
      ))}
    </ul>
  );
}
