import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { requireMember } from "@/lib/auth/session";
import { MAX_PAGE } from "@/lib/http/query";
import { notificationKeys } from "@/lib/notifications/keys";
import { listNotifications } from "@/lib/notifications/queries";
import { NotificationList } from "./_components/notification-list";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<{ page?: string; unread?: string }> }) {
  const member = await requireMember();
  const params = await searchParams;
  const page = /^\d{1,6}$/.test(params.page ?? "") ? Math.min(Math.max(Number(params.page), 1), MAX_PAGE) : 1;
  const unread = params.unread === "true";
  const data = await listNotifications(member.id, { unread, page });
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Approvals waiting on you, what became of your promotions, sign-offs QA is asked for. It updates by itself."
      />
      <Hydrate entries={[[notificationKeys.list({ unread, page }), data]]}>
        <NotificationList unread={unread} page={page} />
      </Hydrate>
    </>
  );
}
