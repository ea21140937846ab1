"use client";
import * as Menu from "@radix-ui/react-dropdown-menu";
import { Check, ChevronsUpDown, FolderKanban, Plus } from "lucide-react";
import Link from "next/link";
import { useParams } from "next/navigation";

export type ProjectOption = { slug: string; name: string; key: string };

export function ProjectSwitcher({ projects }: { projects: ProjectOption[] }) {
  const params = useParams<{ slug?: string }>();
  const current = projects.find((project) => project.slug === params.slug);
  return (
    <Menu.Root>
      <Menu.Trigger
        className="flex w-full items-center gap-2 rounded-md border border-slate-700 bg-slate-800 px-2.5 py-2 text-left text-sm text-white hover:bg-slate-700"
        aria-label="Switch project"
      >
        <FolderKanban className="size-4 shrink-0 text-slate-400" aria-hidden />
        <span className="min-w-0 flex-1 truncate">{current ? current.name : "Choose a project"}</span>
        <ChevronsUpDown className="size-4 shrink-0 text-slate-400" aria-hidden />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="start"
          sideOffset={6}
          collisionPadding={8}
          className="z-50 flex max-h-[var(--radix-dropdown-menu-content-available-height)] w-64 flex-col rounded-lg border border-slate-200 bg-white p-1 shadow-lg"
        >
          <Menu.Label className="px-2 py-1.5 text-xs font-medium text-slate-500">Projects</Menu.Label>
          {projects.length === 0 ? <div className="px-2 py-1.5 text-sm text-slate-500">No projects yet</div> : null}
          {/* Many projects scroll here; "All projects" stays in reach below. Typing a name jumps to it. */}
          <div className="min-h-0 flex-1 overflow-y-auto">
            {projects.map((project) => (
              <Menu.Item key={project.slug} asChild>
                <Link
                  href={`/projects/${project.slug}`}
                  className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
                >
                  <span className="w-16 shrink-0 truncate font-mono text-xs text-slate-400">{project.key}</span>
                  <span className="min-w-0 flex-1 truncate">{project.name}</span>
                  {project.slug === current?.slug ? <Check className="size-4 text-brand-600" aria-label="current" /> : null}
                </Link>
              </Menu.Item>
            ))}
          </div>
          <Menu.Separator className="my-1 h-px bg-slate-100" />
          <Menu.Item asChild>
            <Link
              href="/projects"
              className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
            >
              <Plus className="size-4 text-slate-400" aria-hidden /> All projects
            </Link>
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
