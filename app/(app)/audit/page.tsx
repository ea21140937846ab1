import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { memberActor } from "@/lib/auth/actor";
import { canVerifyAudit } from "@/lib/audit/policy";
import { KNOWN_ACTIONS } from "@/lib/audit/describe";
import { auditFiltersOf } from "@/lib/audit/filters";
import { auditKeys } from "@/lib/audit/keys";
import { listAuditEvents } from "@/lib/audit/queries";
import { requireMember } from "@/lib/auth/session";
import { searchParamsOf } from "@/lib/http/address";
import { listMembers } from "@/lib/members/queries";
import { listProjects } from "@/lib/projects/queries";
import { AuditLog } from "./_components/audit-log";

export const metadata: Metadata = { title: "Audit trail" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const member = await requireMember();
  const actor = memberActor(member);
  const [members, projects] = [await listMembers(), await listProjects()];
  // The events the address asks for (what is wrong in it left out), as the page will ask for them.
  const filters = auditFiltersOf(searchParamsOf(await searchParams), {
    members: members.map((m) => m.id),
    actions: KNOWN_ACTIONS,
    projects: projects.map((p) => p.slug),
  });
  const first = await listAuditEvents(actor, filters);
  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change in Shiproom: who, when, what, why and from where. Append-only, and chained by hash so that tampering shows."
      />
      <Hydrate entries={[[auditKeys.list(filters), { pages: [first], pageParams: [null] }]]}>
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
