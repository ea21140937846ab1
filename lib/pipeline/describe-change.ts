// One line per planned change, as plan prints it. Only type imports: the CLI uses it too.
import type { PipelineChange } from "./schemas";

export function describeChange(change: PipelineChange): string {
  switch (change.kind) {
    case "add":
      return `+ environment ${change.environment} (position ${change.position + 1})`;
    case "remove":
      return `- environment ${change.environment}`;
    case "move":
      return `~ environment ${change.environment} moves from position ${change.from + 1} to ${change.to + 1}`;
    case "change":
      return `~ ${change.environment}.${change.field}: ${change.before} → ${change.after}`;
    case "repository":
      return `~ repository: ${change.before} → ${change.after}`;
  }
}
