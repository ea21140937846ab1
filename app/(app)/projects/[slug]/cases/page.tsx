import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { searchParamsOf } from "@/lib/http/address";
import { orNotFound } from "@/lib/http/not-found";
import { caseFiltersOf } from "@/lib/test-cases/filters";
import { caseKeys } from "@/lib/test-cases/keys";
import { listCases, listSuites } from "@/lib/test-cases/queries";
import { CaseLibrary } from "./_components/case-library";

export const metadata: Metadata = { title: "Test cases" };

export default async function CasesPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  await requireActor();
  // The list the address asks for (what is wrong in it left out), as the library will ask for it.
  const suites = await orNotFound(listSuites(slug));
  const filters = caseFiltersOf(searchParamsOf(await searchParams), suites);
  const cases = await listCases(slug, filters);
  return (
    <Hydrate
      entries={[
        [caseKeys.list(slug, filters), cases],
        [caseKeys.suites(slug), suites],
      ]}
    >
      <CaseLibrary slug={slug} />
    </Hydrate>
  );
}
