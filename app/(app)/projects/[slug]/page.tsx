import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { getBoard } from "@/lib/promotions/board";
import { boardKeys } from "@/lib/promotions/keys";
import { ReleaseBoard } from "./_components/release-board";

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: `${(await params).slug} board` };
}

export default async function BoardPage({ params }: Params) {
  const { slug } = await params;
  const actor = await requireActor();
  const board = await orNotFound(getBoard(slug, actor));
  return (
    <Hydrate entries={[[boardKeys.project(slug), board]]}>
      <ReleaseBoard slug={slug} />
    </Hydrate>
  );
}
