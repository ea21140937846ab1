import { describe, expect, test } from "vitest";
import fc from "fast-check";
import { CsvFileError, linesOfSteps, readCasesCsv, stepsOfLines } from "./csv";

async function* bytes(...parts: (string | Uint8Array)[]) {
  for (const part of parts) yield typeof part === "string" ? new TextEncoder().encode(part) : part;
}

describe("our column set", () => {
  test("headers in any letter case; steps a line each as `step | expected`; tags by comma or semicolon; a suite path", async () => {
    const read = await readCasesCsv(
      [
        "KEY,title,Suite,priority,kind,Tags,Preconditions,Steps,automation_id,External ID",
        ',Pay by card,Checkout / Payments,high,automated,"smoke; Checkout",Logged in,"Open the cart | Two items\nPay | Receipt shown\nClose",tests.pay,',
        "CHK-3,Empty cart,,,,,,,,TR-9",
      ].join("\r\n"),
    );
    expect(read).toMatchObject({ format: "shiproom", rows: 2, problems: [], ignoredColumns: [] });
    expect(read.cases[0]).toEqual({
      row: 2,
      key: null,
      externalId: null,
      suitePath: ["Checkout", "Payments"],
      fields: {
        title: "Pay by card",
        preconditions: "Logged in",
        steps: [
          { action: "Open the cart", expected: "Two items" },
          { action: "Pay", expected: "Receipt shown" },
          { action: "Close", expected: "" },
        ],
        priority: "HIGH",
        tags: ["checkout", "smoke"],
        kind: "AUTOMATED",
        automationId: "tests.pay",
      },
    });
    expect(read.cases[1]).toMatchObject({
      row: 3,
      key: "CHK-3",
      externalId: "TR-9",
      suitePath: [],
      fields: { priority: "MEDIUM", kind: "MANUAL" },
    });
  });

  test("every row's problems with its row (header = row 1) and its column as the file names it", async () => {
    const read = await readCasesCsv(
      bytes(
        "\uFEFFTitle,Priority,Kind,Tags,Steps,Key\n",
        "Fine,LOW,,,,\n",
        "Wrong priority,Urgentish,,,,\n",
        ",MEDIUM,,,,\n",
        "Bad kind,,ROBOT,,,\n",
        "Bad tag,,,has space,,\n",
        "No step text,,,,| only expected,\n",
        "Automated without id,,AUTOMATED,,,\n",
        "Bad key,,,,,twelve\n",
        ",Urgentish,ROBOT,,,\n",
      ),
    );
    expect(read.cases.map((c) => c.fields.title)).toEqual(["Fine"]);
    expect(read.problems).toEqual([
      { row: 3, column: "Priority", message: "'Urgentish' is not one of LOW, MEDIUM, HIGH, CRITICAL" },
      { row: 4, column: "Title", message: "Enter a title" },
      { row: 5, column: "Kind", message: "'ROBOT' is not one of MANUAL, AUTOMATED" },
      { row: 6, column: "Tags", message: expect.stringContaining("Tags are 1–40") },
      { row: 7, column: "Steps", message: "step 1: Describe the step" },
      { row: 8, column: "Automation id", message: expect.stringContaining("An automated case needs the automation id") },
      { row: 9, column: "Key", message: "'twelve' is not a case key like CHK-12" },
      // Every problem of a row, not only the first.
      { row: 10, column: "Priority", message: "'Urgentish' is not one of LOW, MEDIUM, HIGH, CRITICAL" },
      { row: 10, column: "Kind", message: "'ROBOT' is not one of MANUAL, AUTOMATED" },
      { row: 10, column: "Title", message: "Enter a title" },
    ]);
  });

  test("a NUL character is a row's problem, not a database error", async () => {
    const read = await readCasesCsv("Title,Steps\nOne,Open\u0000\n");
    expect(read.problems).toEqual([{ row: 2, column: "Steps", message: "Holds a NUL character: this is not text" }]);
  });

  test("steps as lines and back", () => {
    const steps = [
      { action: "Open", expected: "Shown" },
      { action: "Close", expected: "" },
    ];
    expect(stepsOfLines(linesOfSteps(steps))).toEqual(steps);
  });

  test("a step of several lines, or with a bar in it, comes back as it was", () => {
    const steps = [
      { action: "Open page 1\nClick pay", expected: "Order 1 placed" },
      { action: "Type a|b in the search", expected: "Line one\n\nLine three" },
      { action: "Close", expected: "" },
    ];
    expect(linesOfSteps(steps)).toBe(
      "Open page 1\n  Click pay | Order 1 placed\nType a\\|b in the search | Line one\n  \n  Line three\nClose",
    );
    expect(stepsOfLines(linesOfSteps(steps))).toEqual(steps);
  });

  test("indentation inside a multi-line step is kept: a nested list stays nested", () => {
    const steps = [{ action: "Log in as:\n- an admin\n  - with two-factor\n\tand a tab", expected: "Signed in" }];
    expect(linesOfSteps(steps)).toBe("Log in as:\n  - an admin\n    - with two-factor\n  \tand a tab | Signed in");
    expect(stepsOfLines(linesOfSteps(steps))).toEqual(steps);
    // Written by hand with a tab for the further line, the tab is the marker, not the step's.
    expect(stepsOfLines("Open\n\tthe page")).toEqual([{ action: "Open\nthe page", expected: "" }]);
  });

  test("a bar written \\| is part of what a step expects too, not only of the step", () => {
    expect(stepsOfLines("Type a\\|b | Results for a\\|b")).toEqual([{ action: "Type a|b", expected: "Results for a|b" }]);
    expect(linesOfSteps([{ action: "Filter", expected: "cats | dogs" }])).toBe("Filter | cats \\| dogs");
  });

  test("any steps written as lines read back the same (property)", () => {
    // Steps as an import stores them: each side trimmed, lines without trailing blanks (their
    // indentation kept), an action never empty.
    const text = fc
      .array(fc.string({ unit: fc.constantFrom("a", "b", " ", "|", "\\", "\n", "\t", "é") }), { minLength: 1, maxLength: 4 })
      .map((parts) =>
        parts
          .join("\n")
          .split("\n")
          .map((line) => line.trimEnd())
          .join("\n")
          .trim(),
      );
    const step = fc.record({ action: text.filter((action) => action.length > 0), expected: text });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 5 }), (steps) => {
        expect(stepsOfLines(linesOfSteps(steps))).toEqual(steps);
      }),
      { numRuns: 500 },
    );
  });

  test("a formula guard an export wrote is undone", async () => {
    const read = await readCasesCsv("Title,Preconditions\n'=1+1,'-logged in\n");
    expect(read.cases[0]!.fields).toMatchObject({ title: "=1+1", preconditions: "-logged in" });
  });
});

describe("TestRail's CSV export", () => {
  test("its default columns are detected; C-ids kept; sections, priority, type and references mapped", async () => {
    const read = await readCasesCsv(
      [
        "ID,Title,Section,Section Hierarchy,Section Depth,Priority,Type,Preconditions,Steps,Expected Result,References,Created By",
        'C1042,Pay by card,Payments,Checkout > Payments,1,Critical,Smoke & Sanity,Logged in,"Open the cart, pay",Receipt shown,"JIRA-12, JIRA-13",Ann',
        "1043,Refund,Refunds,,0,low,Functional,,,A refund,,Bo",
      ].join("\n"),
    );
    expect(read).toMatchObject({ format: "testrail", rows: 2, problems: [], ignoredColumns: ["Section Depth", "Created By"] });
    expect(read.cases).toEqual([
      {
        row: 2,
        key: null,
        externalId: "C1042",
        suitePath: ["Checkout", "Payments"],
        fields: {
          title: "Pay by card",
          preconditions: "Logged in",
          steps: [{ action: "Open the cart, pay", expected: "Receipt shown" }],
          priority: "CRITICAL",
          tags: ["ref:jira-12", "ref:jira-13", "type:smoke-sanity"],
          kind: "MANUAL",
          automationId: null,
        },
      },
      expect.objectContaining({
        row: 3,
        externalId: "C1043",
        suitePath: ["Refunds"],
        fields: expect.objectContaining({ priority: "LOW", steps: [{ action: "Check", expected: "A refund" }] }),
      }),
    ]);
  });

  test("separated steps: numbered in one row, or a row a step under the case", async () => {
    const read = await readCasesCsv(
      [
        "ID,Title,Priority,Steps (Step),Steps (Expected Result)",
        ",,,Orphan,",
        'C1,One row,Medium,"1. Open\n2. Pay","1. Shown\n2. Paid"',
        "C2,Many rows,High,Open,Shown",
        ",,,Pay,Paid",
        "C2,Many rows,High,Close,Closed",
        "C3,Urgent,Urgentish,,",
        // The step of a case with a problem is that case's, not an orphan.
        ",,,Its step,",
      ].join("\n"),
    );
    expect(read.cases.map((c) => [c.externalId, c.fields.steps])).toEqual([
      [
        "C1",
        [
          { action: "Open", expected: "Shown" },
          { action: "Pay", expected: "Paid" },
        ],
      ],
      [
        "C2",
        [
          { action: "Open", expected: "Shown" },
          { action: "Pay", expected: "Paid" },
          { action: "Close", expected: "Closed" },
        ],
      ],
    ]);
    expect(read.problems).toEqual([
      { row: 2, column: "Steps (Step)", message: "A step row with no case above it" },
      { row: 7, column: "Priority", message: "'Urgentish' is not one of Critical, High, Medium, Low" },
    ]);
  });
});

describe("a file that is not a CSV of cases", () => {
  const fails = async (body: Parameters<typeof readCasesCsv>[0], limits?: Parameters<typeof readCasesCsv>[1]) => {
    const error = await readCasesCsv(body, limits).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFileError);
    return error as CsvFileError;
  };

  test("not UTF-8, with the line", async () => {
    const error = await fails(bytes("Title\nOne\n", new Uint8Array([0x54, 0xff, 0xfe, 0x0a])));
    expect(error.message).toContain("not UTF-8");
    expect(error.line).toBe(3);
  });

  test("not UTF-8 in one chunk: the line of the first bad byte", async () => {
    const error = await fails(bytes(new Uint8Array([...new TextEncoder().encode("Title\nOne\nTwo\n"), 0xff, 0x0a])));
    expect(error.line).toBe(4);
  });

  test("a broken quote, with the line", async () => {
    const error = await fails('Title,Steps\nOne,"open\nTwo,x"y\n');
    expect(error.message).toMatch(/^Not a readable CSV/);
    expect(error.line).toBeGreaterThanOrEqual(2);
  });

  test("XML sent as CSV: not readable, at line 1", async () => {
    const error = await fails(bytes(`<testsuite name="s"><testcase classname="a" name="b"/></testsuite>`));
    expect(error.message).toContain("Not a readable CSV: Invalid Opening Quote");
    expect(error.line).toBe(1);
  });

  test("no Title column, empty, too large, too many rows", async () => {
    expect((await fails("Name,Steps\nx,y\n")).message).toContain("no Title column");
    expect((await fails("")).message).toContain("empty");
    expect((await fails(bytes("Title\n", "x\n".repeat(100)), { bytes: 50, rows: 10 })).message).toContain("larger than");
    expect((await fails("Title\n" + "x\n".repeat(11), { bytes: 1000, rows: 10 })).message).toContain("more than 10 rows");
  });
});
