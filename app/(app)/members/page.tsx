import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { memberActor } from "@/lib/auth/actor";
import { requireMember } from "@/lib/auth/session";
import { listEmails } from "@/lib/email/queries";
import { env } from "@/lib/env";
import { memberKeys } from "@/lib/members/keys";
import { canManageMembers } from "@/lib/members/policy";
import { listMembers } from "@/lib/members/queries";
import { EmailLog } from "./_components/email-log";
import { MembersTable } from "./_components/members-table";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const me = await requireMember();
  const members = await listMembers();
  const canManage = canManageMembers(me);
  const emails = canManage ? await listEmails(memberActor(me)) : null;
  return (
    <>
      <PageHeader
        title="Members"
        description={
          canManage
            ? "Everyone on the team and their roles. A person may hold several roles: the team is one team."
            : "Everyone on the team and their roles. Admins manage members."
        }
      />
      <Hydrate entries={[[memberKeys.list(), members]]}>
        <MembersTable canManage={canManage} currentMemberId={me.id} />
      </Hydrate>
      {emails ? <EmailLog items={emails.items} enabled={env().email !== undefined} /> : null}
    </>
  );
}
