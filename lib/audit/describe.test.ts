import { describe, expect, test } from "vitest";
import { describeAuditEvent } from "./describe";

describe("audit events as sentences", () => {
  const promotion = { number: 93, version: "v1.4.0", environment: "production" };
  test.each([
    [
      "deployment.approved",
      { ...promotion, cause: "Ari Admin" },
      "cleared the gates of #93: v1.4.0 → production is approved, after a step by Ari Admin",
    ],
    [
      "deployment.requested",
      { ...promotion, environment: "dev", cause: "Dana Developer" },
      "requested promotion #93: v1.4.0 → dev, after a step by Dana Developer",
    ],
    ["deployment.approved", promotion, "cleared the gates of #93: v1.4.0 → production is approved"],
    [
      "deployment.superseded",
      { ...promotion, cause: "Dana Developer" },
      "superseded #93 (v1.4.0 → production), after a step by Dana Developer",
    ],
    [
      "deployment.superseded",
      { ...promotion, cause: "Ari Admin", rolledBackTo: "v1.3.2" },
      "took #93 (v1.4.0 → production) out: production was rolled back to v1.3.2, after a step by Ari Admin",
    ],
    ["result.undone", { case: "CHK-4", status: "UNTESTED", run: 7 }, "took back a result of CHK-4 in run #7: untested again"],
    ["result.defect_linked", { case: "CHK-4", label: "PROJ-42", run: 7 }, "linked PROJ-42 to CHK-4 in run #7"],
    ["result.defect_removed", { case: "CHK-4", label: "acme/shop#9", run: 8 }, "removed the known issue acme/shop#9 from CHK-4 in run #8"],
    ["result.attachment_added", { case: "CHK-4", fileName: "shot.png", run: 7 }, "attached shot.png to CHK-4 in run #7"],
    ["result.attachment_removed", { case: "CHK-4", fileName: "shot.png", run: 7 }, "removed shot.png from CHK-4 in run #7"],
    ["case.attachment_added", { case: "CHK-4", fileName: "spec.pdf" }, "attached spec.pdf to test case CHK-4"],
    [
      "run.assigned",
      {
        how: "spread",
        cases: 7,
        run: 4,
        assigned: [
          { name: "Alex", cases: 4 },
          { name: "Bo", cases: 3 },
        ],
      },
      "spread 7 cases in run #4 to Alex (4), Bo (3)",
    ],
    ["run.assigned", { how: "assign", cases: 1, run: 4, assigned: [{ name: "Alex", cases: 1 }] }, "assigned 1 case in run #4 to Alex (1)"],
    ["run.assigned", { how: "unassign", cases: 2, run: 4, assigned: [] }, "unassigned 2 cases in run #4"],
    [
      "run.assigned",
      { how: "assign", cases: 3, run: 4, assigned: [{ name: "Bo", cases: 3 }], taken: [{ name: "Alex", cases: 2 }] },
      "assigned 3 cases in run #4 to Bo (3), taken from Alex (2)",
    ],
    [
      "run.assigned",
      { how: "unassign", cases: 2, run: 4, assigned: [], taken: [{ name: "Bo", cases: 2 }] },
      "unassigned 2 cases in run #4, taken from Bo (2)",
    ],
    ["something.new", {}, "something new"],
  ])("%s %j", (action, after, sentence) => {
    expect(describeAuditEvent({ action, after })).toBe(sentence);
  });
});
