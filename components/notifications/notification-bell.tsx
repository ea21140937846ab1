"use client";
import { Bell } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { useUnreadNotifications } from "@/lib/notifications/hooks";

/** The bell in the navigation: the unread count, kept live by the change notices. */
export function NotificationBell() {
  const unread = useUnreadNotifications().data ?? 0;
  const active = usePathname() === "/notifications";
  const name = unread === 0 ? "Notifications, none unread" : `Notifications, ${unread} unread`;
  return (
    <Link
      href="/notifications"
      aria-label={name}
      title={name}
      aria-current={active ? "page" : undefined}
      className={cn(
        "relative rounded-md p-1.5 text-slate-500 hover:bg-slate-800 hover:text-white focus-visible:outline-2 focus-visible:outline-brand-500",
        active && "bg-slate-800 text-white",
      )}
    >
      <Bell className="size-4" aria-hidden />
      {unread > 0 ? (
        <span
          aria-hidden
          data-testid="notification-count"
          className="absolute -top-1 -right-1 min-w-4 rounded-full bg-brand-500 px-1 text-center text-[10px] leading-4 font-semibold text-white"
        >
          {unread > 99 ? "99+" : unread}
        </span>
      ) : null}
    </Link>
  );
}
