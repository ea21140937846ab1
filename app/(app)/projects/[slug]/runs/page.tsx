import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { requireActor } from "@/lib/auth/session";
import { orNotFound } from "@/lib/http/not-found";
import { getProject } from "@/lib/projects/queries";
import { listReleases } from "@/lib/releases/queries";
import { caseKeys } from "@/lib/test-cases/keys";
import { listSuites } from "@/lib/test-cases/queries";
import { runKeys } from "@/lib/test-runs/keys";
import { listRuns } from "@/lib/test-runs/queries";
import { RunList } from "./_components/run-list";

export const metadata: Metadata = { title: "Test runs" };

export default async function RunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ release?: string; environment?: string }>;
}) {
  const { slug } = await params;
  await requireActor();
  const [runs, project, releases, suites] = await orNotFound(
    Promise.all([listRuns(slug), getProject(slug), listReleases(slug), listSuites(slug)]),
  );
  const preset = await searchParams;
  return (
    <Hydrate
      entries={[
        [runKeys.list(slug), runs],
        [caseKeys.suites(slug), suites],
      ]}
    >
      <RunList
        slug={slug}
        environments={project.environments.map((e) => e.name)}
        releases={releases.releases.filter((r) => !r.abandoned).map((r) => r.version)}
        preset={preset}
      />
    </Hydrate>
  );
}
