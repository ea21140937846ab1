import type { Metadata } from "next";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listSessions } from "@/lib/account/queries";
import { roleLabels } from "@/lib/auth/roles";
import { requireMember } from "@/lib/auth/session";
import { getNotificationPreferences } from "@/lib/email/preferences";
import { NotificationPreferencesForm } from "./_components/notification-preferences-form";
import { PasswordForm } from "./_components/password-form";
import { SessionsList } from "./_components/sessions-list";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ password?: string }> }) {
  const member = await requireMember({ allowTemporaryPassword: true });
  const required = member.passwordMustChange || (await searchParams).password === "required";
  const [sessions, preferences] = await Promise.all([listSessions(member), getNotificationPreferences(member.id)]);
  return (
    <>
      <PageHeader
        title="Your account"
        description={`${member.name} · ${member.email} · ${member.roles.map((r) => roleLabels[r]).join(", ")}`}
      />
      {member.passwordMustChange ? (
        <div role="alert" className="mb-6 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          An admin set a temporary password for you. Choose your own to continue.
        </div>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Password" description="Changing it signs you out everywhere else." />
          <div className="px-5 py-4">
            <PasswordForm required={required} />
          </div>
        </Card>
        <SessionsList initial={sessions} />
        <Card className="lg:col-span-2">
          <CardHeader
            title="Notifications"
            description="How you hear of each kind: in the app only, by email too, or not at all. Emails carry a link to stop that kind."
          />
          <div className="px-5 py-4">
            <NotificationPreferencesForm initial={preferences} />
          </div>
        </Card>
      </div>
    </>
  );
}
