import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { CaseEditor } from "../_components/case-editor";

export const metadata: Metadata = { title: "New test case" };

export default async function NewCasePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await requireActor();
  return (
    <>
      <PageHeader title="New test case" description="Shared with the whole team: anyone can run it, anyone can improve it." />
      <CaseEditor slug={slug} />
    </>
  );
}
