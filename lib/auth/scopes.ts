// What an API token may do. Tokens act for a pipeline, in one project, within these scopes only;
// each route names the scope it needs (lib/http/operation.ts), and people never need one.
export const TOKEN_SCOPES = [
  "read",
  "releases:write",
  "results:write",
  "cases:write",
  "deployments:report",
  "promotions:request",
  "pipeline:write",
  "audit:read",
] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const scopeDescriptions: Record<TokenScope, string> = {
  read: "Read releases, the board, promotions, test runs and results",
  "releases:write": "Register and abandon releases",
  "results:write": "Create test runs and upload JUnit results",
  "cases:write": "Import test cases from CSV (shiproom cases import)",
  "deployments:report": "Report how a deployment went (deployers)",
  "promotions:request": "Request promotions",
  "pipeline:write": "Apply the pipeline as code (shiproom.yaml)",
  "audit:read": "Verify and export the audit trail",
};
