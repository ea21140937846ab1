import { redirect } from "next/navigation";
import { requireMember } from "@/lib/auth/session";
import { listProjects } from "@/lib/projects/queries";

export default async function HomePage() {
  await requireMember();
  const [first] = await listProjects();
  redirect(first ? `/projects/${first.slug}` : "/projects");
}
