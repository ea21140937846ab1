import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { listInbox } from "@/lib/inbox/queries";
import { inboxKeys } from "@/lib/promotions/keys";
import { InboxList } from "./_components/inbox-list";

export const metadata: Metadata = { title: "Waiting on me" };

export default async function InboxPage() {
  const actor = await requireActor();
  const items = await listInbox(actor);
  return (
    <>
      <PageHeader title="Waiting on me" description="Promotions you may approve now, and deployments you report. It updates by itself." />
      <Hydrate entries={[[inboxKeys.all, items]]}>
        <InboxList />
      </Hydrate>
    </>
  );
}
