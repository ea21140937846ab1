import type { ReactNode } from "react";
import { AppSidebar } from "@/components/layout/app-sidebar";
import { LiveUpdates } from "@/components/live/live-updates";
import { Hydrate } from "@/components/query/hydrate";
import { memberActor } from "@/lib/auth/actor";
import { roleLabels } from "@/lib/auth/roles";
import { currentMember } from "@/lib/auth/session";
import { listInbox } from "@/lib/inbox/queries";
import { inboxKeys } from "@/lib/promotions/keys";
import { notificationKeys } from "@/lib/notifications/keys";
import { listNotifications } from "@/lib/notifications/queries";
import { listProjects } from "@/lib/projects/queries";
import { namesInJoiningOrder } from "@/lib/members/queries";
import { AvatarColours } from "@/components/ui/avatar";
import { ViewerProvider } from "@/components/layout/viewer";
import { signOutAction } from "./actions";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // Each page checks who is asking and sends strangers to sign in with a way back to it, query
  // and all (lib/auth/return-path.ts); the shell only needs to know whom to show.
  const member = await currentMember();
  if (!member) return children;
  const [projects, inbox, unread, team] = [
    await listProjects(),
    await listInbox(memberActor(member)),
    await listNotifications(member.id, { unread: true }),
    await namesInJoiningOrder(),
  ];
  return (
    <Hydrate
      entries={[
        [inboxKeys.all, inbox],
        [notificationKeys.unread, unread],
      ]}
    >
      <ViewerProvider id={member.id}>
        <AvatarColours names={team}>
          <LiveUpdates />
          {/* The first stop for a keyboard: past the navigation, to the page itself. */}
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-medium focus:text-slate-900 focus:shadow"
          >
            Skip to content
          </a>
          <div className="flex min-h-screen flex-col lg:flex-row">
            <AppSidebar
              member={member}
              roles={member.roles.map((role) => roleLabels[role]).join(" · ")}
              isAdmin={member.roles.includes("ADMIN")}
              projects={projects.map(({ slug, name, key }) => ({ slug, name, key }))}
              signOut={signOutAction}
            />
            <main id="main" tabIndex={-1} className="min-w-0 flex-1 focus:outline-none">
              <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 sm:py-8 lg:px-10">{children}</div>
            </main>
          </div>
        </AvatarColours>
      </ViewerProvider>
    </Hydrate>
  );
}
