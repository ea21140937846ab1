import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { caseKeys } from "@/lib/test-cases/keys";
import { listCases, listSuites } from "@/lib/test-cases/queries";
import { CaseLibrary } from "./_components/case-library";

export const metadata: Metadata = { title: "Test cases" };

export default async function CasesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireActor();
  const [cases, suites] = await orNotFound(Promise.all([listCases(slug, {}), listSuites(slug)]));
  return (
    <Hydrate
      entries={[
        [caseKeys.list(slug, { page: 1 }), cases],
        [caseKeys.suites(slug), suites],
      ]}
    >
      <CaseLibrary slug={slug} />
    </Hydrate>
  );
}
