import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { DeploymentStatus } from "@/lib/generated/prisma/enums";
import { statusLabels } from "@/lib/promotions/states";

const tones: Record<DeploymentStatus, BadgeTone> = {
  REQUESTED: "info",
  AWAITING_GATES: "warning",
  APPROVED: "brand",
  DEPLOYING: "info",
  SUCCEEDED: "success",
  FAILED: "danger",
  REJECTED: "danger",
  CANCELLED: "neutral",
  SUPERSEDED: "neutral",
};

export function StatusBadge({ status }: { status: DeploymentStatus }) {
  return <Badge tone={tones[status]}>{statusLabels[status]}</Badge>;
}
