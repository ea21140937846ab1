import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { canCreateRelease } from "@/lib/promotions/policy";
import { releaseKeys } from "@/lib/releases/keys";
import { listReleases } from "@/lib/releases/queries";
import { ReleaseTable } from "./_components/release-table";

type Params = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage({ params }: Params) {
  const { slug } = await params;
  const actor = await requireActor();
  const first = await orNotFound(listReleases(slug));
  return (
    <Hydrate entries={[[releaseKeys.list(slug, 1, ""), first]]}>
      <ReleaseTable slug={slug} canCreate={canCreateRelease(actor)} />
    </Hydrate>
  );
}
