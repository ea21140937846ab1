"use client";
import {
  BookOpen,
  ChartColumn,
  ClipboardList,
  FolderKanban,
  Inbox,
  LayoutDashboard,
  ListChecks,
  LogOut,
  Menu,
  Package,
  ScrollText,
  Settings,
  ShieldCheck,
  Ship,
  Users,
  X,
} from "lucide-react";
import Link from "next/link";
import { useParams, usePathname } from "next/navigation";
import * as RadixDialog from "@radix-ui/react-dialog";
import { useState, type ReactNode } from "react";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { Avatar } from "@/components/ui/avatar";
import { cn } from "@/components/ui/cn";
import { useInbox } from "@/lib/inbox/hooks";
import { ProjectSwitcher, type ProjectOption } from "./project-switcher";

type NavItem = { href: string; label: string; icon: ReactNode; exact?: boolean; count?: number };

function NavLink({ item }: { item: NavItem }) {
  const pathname = usePathname();
  const active = item.exact ? pathname === item.href : pathname === item.href || pathname.startsWith(`${item.href}/`);
  return (
    <Link
      href={item.href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm font-medium transition-colors",
        active ? "bg-slate-800 text-white" : "text-slate-300 hover:bg-slate-800/60 hover:text-white",
      )}
    >
      <span className="text-slate-400" aria-hidden>
        {item.icon}
      </span>
      <span className="flex-1">{item.label}</span>
      {item.count ? (
        <span className="rounded-full bg-brand-500 px-1.5 text-xs font-semibold text-white" data-testid="inbox-count">
          {item.count}
          <span className="sr-only"> waiting on you</span>
        </span>
      ) : null}
    </Link>
  );
}

export function AppSidebar({
  member,
  roles,
  isAdmin,
  projects,
  signOut,
}: {
  member: { name: string; email: string };
  roles: string;
  isAdmin: boolean;
  projects: ProjectOption[];
  signOut: () => Promise<void>;
}) {
  const params = useParams<{ slug?: string }>();
  const [open, setOpen] = useState(false);
  const project = projects.find((p) => p.slug === params.slug);
  const inbox = useInbox();
  const projectNav: NavItem[] = project
    ? [
        { href: `/projects/${project.slug}`, label: "Board", icon: <LayoutDashboard className="size-4" />, exact: true },
        { href: `/projects/${project.slug}/releases`, label: "Releases", icon: <Package className="size-4" /> },
        { href: `/projects/${project.slug}/cases`, label: "Test cases", icon: <ClipboardList className="size-4" /> },
        { href: `/projects/${project.slug}/runs`, label: "Test runs", icon: <ListChecks className="size-4" /> },
        { href: `/projects/${project.slug}/policies`, label: "Policies", icon: <ShieldCheck className="size-4" /> },
        { href: `/projects/${project.slug}/insights`, label: "Insights", icon: <ChartColumn className="size-4" /> },
        ...(isAdmin ? [{ href: `/projects/${project.slug}/settings`, label: "Settings", icon: <Settings className="size-4" /> }] : []),
      ]
    : [];
  const teamNav: NavItem[] = [
    { href: "/inbox", label: "Waiting on me", icon: <Inbox className="size-4" />, count: inbox.data?.length },
    { href: "/projects", label: "Projects", icon: <FolderKanban className="size-4" />, exact: true },
    { href: "/board", label: "All boards", icon: <LayoutDashboard className="size-4" /> },
    { href: "/insights", label: "All insights", icon: <ChartColumn className="size-4" /> },
    { href: "/members", label: "Members", icon: <Users className="size-4" /> },
    { href: "/audit", label: "Audit trail", icon: <ScrollText className="size-4" /> },
    { href: "/api-docs", label: "API", icon: <BookOpen className="size-4" /> },
  ];

  const panel = (
    <>
      <div className="flex items-center gap-2 px-4 pt-5 pb-4">
        <span className="flex size-7 items-center justify-center rounded-md bg-brand-500">
          <Ship className="size-4 text-white" aria-hidden />
        </span>
        <span className="flex-1 text-sm font-semibold tracking-tight">Shiproom</span>
        <NotificationBell />
      </div>
      <div className="px-3">
        <ProjectSwitcher projects={projects} />
      </div>
      <nav aria-label="Main" className="mt-4 flex-1 space-y-5 px-3">
        {projectNav.length > 0 ? (
          <div>
            <div className="px-2.5 pb-1 text-xs font-medium tracking-wide text-slate-400 uppercase">{project?.key}</div>
            <div className="space-y-0.5">
              {projectNav.map((item) => (
                <NavLink key={item.href} item={item} />
              ))}
            </div>
          </div>
        ) : null}
        <div>
          <div className="px-2.5 pb-1 text-xs font-medium tracking-wide text-slate-400 uppercase">Team</div>
          <div className="space-y-0.5">
            {teamNav.map((item) => (
              <NavLink key={item.href} item={item} />
            ))}
          </div>
        </div>
      </nav>
      <div className="border-t border-slate-800 p-3">
        <div className="flex items-center gap-2.5 px-1">
          <Link href="/account" className="flex min-w-0 flex-1 items-center gap-2.5 rounded-md hover:bg-slate-800" title="Your account">
            <Avatar name={member.name} />
            <div className="min-w-0 flex-1">
              <div className="truncate text-sm font-medium" data-testid="signed-in-as">
                {member.name}
              </div>
              <div className="truncate text-xs text-slate-400">{roles}</div>
            </div>
          </Link>
          <form action={signOut}>
            <button
              type="submit"
              className="rounded-md p-1.5 text-slate-400 hover:bg-slate-800 hover:text-white"
              aria-label="Sign out"
              title="Sign out"
            >
              <LogOut className="size-4" aria-hidden />
            </button>
          </form>
        </div>
      </div>
    </>
  );

  return (
    <>
      <RadixDialog.Root open={open} onOpenChange={setOpen}>
        {/* Below 1024 px: a bar with the menu button, and the navigation as a drawer. */}
        <header className="sticky top-0 z-30 flex items-center gap-2 bg-slate-900 px-3 py-2 text-slate-100 lg:hidden">
          <RadixDialog.Trigger aria-label="Open navigation" className="rounded-md p-2 text-slate-300 hover:bg-slate-800 hover:text-white">
            <Menu className="size-5" aria-hidden />
          </RadixDialog.Trigger>
          <span className="flex size-7 items-center justify-center rounded-md bg-brand-500">
            <Ship className="size-4 text-white" aria-hidden />
          </span>
          <span className="flex-1 text-sm font-semibold tracking-tight">{project ? project.name : "Shiproom"}</span>
          <NotificationBell />
        </header>
        <aside className="hidden w-60 shrink-0 flex-col bg-slate-900 text-slate-100 lg:flex">{panel}</aside>
        <RadixDialog.Portal>
          <RadixDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/50 lg:hidden" />
          <RadixDialog.Content
            aria-describedby={undefined}
            className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col overflow-y-auto bg-slate-900 text-slate-100 shadow-xl focus:outline-none lg:hidden"
            // Following a link closes the drawer.
            onClick={(event) => {
              if ((event.target as HTMLElement).closest("a")) setOpen(false);
            }}
          >
            <RadixDialog.Title className="sr-only">Navigation</RadixDialog.Title>
            <div className="flex justify-end px-3 pt-2">
              <RadixDialog.Close
                className="rounded-md p-1.5 text-slate-400 hover:bg-slate-800 hover:text-white"
                aria-label="Close navigation"
              >
                <X className="size-4" aria-hidden />
              </RadixDialog.Close>
            </div>
            {panel}
          </RadixDialog.Content>
        </RadixDialog.Portal>
      </RadixDialog.Root>
    </>
  );
}
