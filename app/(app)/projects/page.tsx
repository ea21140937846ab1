import type { Metadata } from "next";
import { Hydrate } from "@/components/query/hydrate";
import { PageHeader } from "@/components/ui/page-header";
import { requireMember } from "@/lib/auth/session";
import { projectKeys } from "@/lib/projects/keys";
import { canCreateProject } from "@/lib/projects/policy";
import { listProjects } from "@/lib/projects/queries";
import { ProjectList } from "./_components/project-list";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const me = await requireMember();
  const projects = await listProjects();
  return (
    <>
      <PageHeader title="Projects" description="Each project is one deliverable with its own pipeline of environments." />
      <Hydrate entries={[[projectKeys.list(), projects]]}>
        <ProjectList canCreate={canCreateProject(me)} />
      </Hydrate>
    </>
  );
}
