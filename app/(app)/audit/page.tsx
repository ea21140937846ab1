import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { memberActor } from "@/lib/auth/actor";
import { canVerifyAudit } from "@/lib/audit/policy";
import { KNOWN_ACTIONS } from "@/lib/audit/describe";
import { auditKeys } from "@/lib/audit/keys";
import { listAuditEvents } from "@/lib/audit/queries";
import { requireMember } from "@/lib/auth/session";
import { listMembers } from "@/lib/members/queries";
import { listProjects } from "@/lib/projects/queries";
import { AuditLog } from "./_components/audit-log";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage() {
  const member = await requireMember();
  const actor = memberActor(member);
  const [members, projects, first] = [await listMembers(), await listProjects(), await listAuditEvents(actor, {})];
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change in Shiproom: who, when, what, why and from where. Append-only, and chained by hash so that tampering shows."
      />
      <Hydrate entries={[[auditKeys.list({}), { pages: [first], pageParams: [null] }]]}>
        <AuditLog
          members={members.map((m) => ({ id: m.id, name: m.name }))}
          projects={projects.map((p) => ({ slug: p.slug, name: p.name }))}
          actions={KNOWN_ACTIONS}
          canVerify={canVerifyAudit(actor)}
        />
      </Hydrate>
    </>
  );
}
