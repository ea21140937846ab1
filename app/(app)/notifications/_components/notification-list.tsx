"use client";
import { BellOff, Check, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useSyncExternalStore, type ReactNode } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Loaded } from "@/components/query/loaded";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { groupByDay } from "@/lib/notifications/days";
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from "@/lib/notifications/hooks";
import { kindLabel } from "@/lib/notifications/kinds";
import type { NotificationDto, NotificationPage } from "@/lib/notifications/schemas";

const href = (unread: boolean, page: number) =>
  `/notifications?${new URLSearchParams({ ...(unread ? { unread: "true" } : {}), ...(page > 1 ? { page: String(page) } : {}) })}`;

// Days are the viewer's own: grouped in the browser only (the server knows no time zone).
const noSubscription = () => () => {};

export function NotificationList({ unread, page }: { unread: boolean; page: number }) {
  const query = useNotifications({ unread, page });
  const markAll = useMarkAllNotificationsRead();
  const placeholder = <Skeleton className="h-64" />;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Show" className="flex gap-1">
          <Link
            href={href(false, 1)}
            aria-current={!unread ? "page" : undefined}
            className={buttonClass(!unread ? "secondary" : "ghost", "sm")}
          >
            All
          </Link>
          <Link
            href={href(true, 1)}
            aria-current={unread ? "page" : undefined}
            className={buttonClass(unread ? "secondary" : "ghost", "sm")}
          >
            Unread{query.data ? ` (${query.data.unread})` : ""}
          </Link>
        </nav>
        <Button
          variant="secondary"
          size="sm"
          loading={markAll.isPending}
          disabled={!query.data || query.data.unread === 0}
          onClick={() =>
            markAll.mutate(undefined, {
              onSuccess: ({ marked }) => toast.success(marked === 1 ? "1 notification marked read" : `${marked} notifications marked read`),
              onError: (error) => toast.error(error.message),
            })
          }
        >
          <CheckCheck className="size-4" aria-hidden />
          Mark all read
        </Button>
      </div>
      <Loaded query={query} placeholder={placeholder}>
        {(data) => <Notifications data={data} unread={unread} placeholder={placeholder} />}
      </Loaded>
    </div>
  );
}

function Notifications({ data, unread, placeholder }: { data: NotificationPage; unread: boolean; placeholder: ReactNode }) {
  const mounted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  if (data.items.length === 0) {
    return (
      <Card>
        <EmptyState icon={<BellOff className="size-8" />} title={unread ? "Nothing unread" : "Nothing yet"}>
          {unread
            ? "You have read every notification."
            : "You'll hear here when an approval waits on you, when your promotion is approved, rejected or fails, and when QA's sign-off is needed or voided."}
        </EmptyState>
      </Card>
    );
  }
  if (!mounted) return placeholder;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <div className="space-y-6">
      {groupByDay(data.items, new Date()).map((group) => (
        <section key={group.label} aria-label={group.label}>
          <h2 className="mb-2 text-xs font-medium tracking-wide text-slate-500 uppercase">{group.label}</h2>
          <Card>
            <ul className="divide-y divide-slate-100">
              {group.items.map((notification) => (
                <Item key={notification.id} notification={notification} />
              ))}
            </ul>
          </Card>
        </section>
      ))}
      {pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-between text-sm text-slate-500">
          {data.page > 1 ? (
            <Link href={href(unread, data.page - 1)} className={buttonClass("secondary", "sm")}>
              Newer
            </Link>
          ) : (
            <span />
          )}
          <span>
            Page {data.page} of {pages}
          </span>
          {data.page < pages ? (
            <Link href={href(unread, data.page + 1)} className={buttonClass("secondary", "sm")}>
              Older
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}

/**
 * Where the focus goes once a "Mark read" button leaves (its item read, or gone from the Unread
 * view): the next item's "Mark read", else the one before, else the page's heading.
 */
function focusAfter(button: HTMLElement): () => void {
  const buttons = [...document.querySelectorAll<HTMLElement>("[data-mark-read]")];
  const at = buttons.indexOf(button);
  const next = buttons[at + 1] ?? buttons[at - 1];
  return () => {
    if (next?.isConnected) return next.focus();
    const heading = document.querySelector<HTMLElement>("main h1");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  };
}

function Item({ notification }: { notification: NotificationDto }) {
  const markRead = useMarkNotificationRead();
  const isUnread = notification.readAt === null;
  const read = (after?: () => void) => {
    if (isUnread) markRead.mutate(notification.id, { onSuccess: () => after?.(), onError: (error) => toast.error(error.message) });
  };
  return (
    <li className={cn("flex items-start gap-3 px-5 py-3", isUnread && "bg-brand-50/40")} data-testid="notification">
      <span
        aria-hidden
        className={cn("mt-1.5 size-2 shrink-0 rounded-full", isUnread ? "bg-brand-500" : "border border-slate-300 bg-transparent")}
      />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
          {isUnread ? <Badge tone="brand">Unread</Badge> : null}
          <span>{kindLabel(notification.kind)}</span>
          <span aria-hidden>·</span>
          <TimeAgo iso={notification.createdAt} />
        </div>
        {notification.link ? (
          <Link
            href={notification.link}
            onClick={() => read()}
            className={cn("mt-0.5 block text-sm hover:underline", isUnread ? "font-semibold text-slate-900" : "text-slate-700")}
          >
            {notification.title}
          </Link>
        ) : (
          <p className={cn("mt-0.5 text-sm", isUnread ? "font-semibold text-slate-900" : "text-slate-700")}>{notification.title}</p>
        )}
      </div>
      {isUnread ? (
        <Button
          variant="ghost"
          size="sm"
          data-mark-read
          aria-busy={markRead.isPending || undefined}
          onClick={(event) => read(focusAfter(event.currentTarget))}
          aria-label={`Mark read: ${notification.title}`}
        >
          <Check className="size-4" aria-hidden />
          {/* On a phone the tick alone, so that the title keeps the width (the name is the aria-label). */}
          <span className="hidden sm:inline">Mark read</span>
        </Button>
      ) : null}
    </li>
  );
}
