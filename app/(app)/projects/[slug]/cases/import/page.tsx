import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { CaseImport } from "../_components/case-import";

export const metadata: Metadata = { title: "Import test cases" };

export default async function ImportCasesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireActor();
  return (
    <>
      <PageHeader
        title="Import test cases"
        description="From a CSV in Shiproom's columns (an export reads back) or TestRail's CSV export. You see what it will do first; nothing is written until you import."
      />
      <CaseImport slug={slug} />
    </>
  );
}
