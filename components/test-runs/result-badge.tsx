import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { ResultStatus } from "@/lib/generated/prisma/enums";
import { resultLabels } from "@/lib/test-runs/schemas";

const tones: Record<ResultStatus, BadgeTone> = {
  UNTESTED: "neutral",
  PASSED: "success",
  FAILED: "danger",
  BLOCKED: "warning",
  SKIPPED: "info",
};

export function ResultBadge({ status }: { status: ResultStatus }) {
  return <Badge tone={tones[status]}>{resultLabels[status]}</Badge>;
}
