import { Badge } from "@/components/ui/badge";
import type { SignOffDto } from "@/lib/test-runs/schemas";

export function SignOffBadge({ signOff }: { signOff: SignOffDto | null }) {
  if (!signOff) return <Badge>not signed</Badge>;
  if (signOff.voided) return <Badge tone="warning">sign-off voided</Badge>;
  if (signOff.notCounted) return <Badge tone="warning">sign-off does not count</Badge>;
  return signOff.decision === "SIGNED_OFF" ? <Badge tone="success">signed off</Badge> : <Badge tone="danger">blocked</Badge>;
}
