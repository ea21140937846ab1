import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { runKeys } from "@/lib/test-runs/keys";
import { canAssignResults, canSignOff } from "@/lib/test-runs/policy";
import { getRun } from "@/lib/test-runs/queries";
import { RunView } from "./_components/run-view";

type Params = { params: Promise<{ slug: string; id: string }> };

export const metadata: Metadata = { title: "Test run" };

export default async function RunPage({ params }: Params) {
  const { slug, id } = await params;
  const actor = await requireActor();
  const run = await orNotFound(getRun(id));
  return (
    <Hydrate entries={[[runKeys.detail(slug, id), run]]}>
      <RunView
        slug={slug}
        runId={id}
        canSignOff={canSignOff(actor)}
        canAssign={canAssignResults(actor)}
        viewer={{ id: actor.id!, roles: actor.roles }}
      />
    </Hydrate>
  );
}
