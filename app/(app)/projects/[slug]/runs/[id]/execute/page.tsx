import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { runKeys } from "@/lib/test-runs/keys";
import { getRun } from "@/lib/test-runs/queries";
import { ExecuteView } from "./execute-view";

type Params = { params: Promise<{ slug: string; id: string }>; searchParams: Promise<{ result?: string }> };

export const metadata: Metadata = { title: "Execute" };

export default async function ExecutePage({ params, searchParams }: Params) {
  const { slug, id } = await params;
  const actor = await requireActor();
  const run = await orNotFound(getRun(id));
  const { result } = await searchParams;
  return (
    <Hydrate entries={[[runKeys.detail(slug, id), run]]}>
      <ExecuteView slug={slug} runId={id} initialResultId={result ?? null} viewer={{ id: actor.id!, roles: actor.roles }} />
    </Hydrate>
  );
}
