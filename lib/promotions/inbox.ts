import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { promotionInclude } from "./context";
import { toPromotionDtos } from "./queries";
import type { PromotionDto } from "./schemas";

export type PromotionInboxItem = {
  kind: "approve" | "report" | "sign-off";
  project: { slug: string; name: string };
  promotion: PromotionDto;
};

/** What the member may act on now: approvals their roles can give, deployments they report. */
export async function listPromotionInbox(viewer: Actor): Promise<PromotionInboxItem[]> {
  if (viewer.kind !== "MEMBER") return [];
  const rows = await db().deployment.findMany({
    where: { status: { in: ["REQUESTED", "AWAITING_GATES", "APPROVED", "DEPLOYING"] }, project: { archivedAt: null } },
    include: { ...promotionInclude, project: { select: { slug: true, name: true } } },
    orderBy: [{ createdAt: "asc" }, { number: "asc" }],
  });
  const dtos = await toPromotionDtos(db(), rows, viewer);
  return dtos.flatMap((promotion, index): PromotionInboxItem[] => {
    const project = rows[index]!.project;
    if (promotion.actions.approve.allowed) return [{ kind: "approve", project, promotion }];
    if (promotion.actions.report.allowed && promotion.environment.deployTarget === "MANUAL")
      return [{ kind: "report", project, promotion }];
    // Waiting on QA's sign-off, with or without a run of the release there yet.
    const waitsOnQa = promotion.gates?.gates.some((gate) => gate.kind === "sign-off" && gate.status === "waiting");
    if (waitsOnQa && viewer.roles.includes("QA")) return [{ kind: "sign-off", project, promotion }];
    return [];
  });
}
