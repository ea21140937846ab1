import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { caseKeys } from "@/lib/test-cases/keys";
import { getCase } from "@/lib/test-cases/queries";
import { CaseView } from "./_components/case-view";

type Params = { params: Promise<{ slug: string; key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).key };
}

export default async function CasePage({ params }: Params) {
  const { slug, key } = await params;
  const actor = await requireActor();
  const testCase = await orNotFound(getCase(slug, key));
  return (
    <Hydrate entries={[[caseKeys.detail(slug, key), testCase]]}>
      <CaseView slug={slug} caseKey={key} viewer={{ id: actor.id!, roles: actor.roles }} />
    </Hydrate>
  );
}
