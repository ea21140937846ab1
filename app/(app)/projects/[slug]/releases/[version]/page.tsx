import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { canAbandonRelease, canComment } from "@/lib/releases/policy";
import { releaseKeys } from "@/lib/releases/keys";
import { getRelease } from "@/lib/releases/queries";
import { ReleaseView } from "./_components/release-view";

type Params = { params: Promise<{ slug: string; version: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: decodeURIComponent((await params).version) };
}

export default async function ReleasePage({ params }: Params) {
  const { slug, version: raw } = await params;
  const version = decodeURIComponent(raw);
  const actor = await requireActor();
  const release = await orNotFound(getRelease(slug, version));
  return (
    <Hydrate entries={[[releaseKeys.detail(slug, version), release]]}>
      <ReleaseView slug={slug} version={version} canAbandon={canAbandonRelease(actor)} canComment={canComment(actor)} />
    </Hydrate>
  );
}
