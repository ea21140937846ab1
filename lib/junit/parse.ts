// A streaming JUnit XML reader: the formats pytest, Jest (jest-junit), Vitest, Playwright,
// Maven Surefire and gotestsum emit. It never holds the document, refuses what could attack
// the server (any DOCTYPE, so no entity expansion or external entities), caps size and element
// count, and names the line and column of malformed XML. Nothing is stored here.
import { SaxesParser, type SaxesTagPlain } from "saxes";

export const JUNIT_LIMITS = {
  /** Largest report accepted, in bytes. */
  maxBytes: 50 * 1024 * 1024,
  /** Most XML elements in one report. */
  maxElements: 2_000_000,
  /** Most test cases in one report. */
  maxCases: 100_000,
  /** Output (failure text, system-out/err) kept per test case. */
  maxOutputChars: 4000,
};

export type JunitOutcome = "passed" | "failed" | "error" | "skipped";

export type JunitCase = {
  /** The enclosing <testsuite>'s name. */
  suite: string;
  classname: string;
  name: string;
  outcome: JunitOutcome;
  /** Passed on a retry after failing (Surefire flakyFailure/flakyError, rerun that passed). */
  flaky: boolean;
  durationMs: number | null;
  /** The failure's message attribute, or the skip reason. */
  message: string | null;
  /** Failure text and system-out/err, truncated. */
  output: string | null;
  properties: Record<string, string>;
};

export type JunitReport = { cases: JunitCase[]; suites: number };

export class JunitError extends Error {
  override name = "JunitError";
}

type Limits = typeof JUNIT_LIMITS;

/**
 * A copy of `text` that holds nothing else. saxes hands out attribute values and text as slices
 * of the chunk it is reading, and V8 keeps a sliced string's whole parent alive: one kept test
 * name would pin 64 KB of report. Everything the parser keeps goes through here.
 */
function own(text: string): string;
function own(text: string | undefined): string | undefined;
function own(text: string | undefined): string | undefined {
  return text === undefined || text.length === 0 ? text : Buffer.from(text, "utf8").toString("utf8");
}

/** saxes prefixes its messages with "[file:]line:column: "; the caller says where itself. */
function stripPosition(message: string): string {
  return message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, "");
}

function seconds(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const parsed = Number(value.replace(/,/g, ""));
  return Number.isFinite(parsed) && parsed >= 0 ? Math.round(parsed * 1000) : null;
}

/** Reads a report from chunks (a request body stream, a file, or a string). */
export async function parseJunit(source: AsyncIterable<Uint8Array | string> | string, limits: Limits = JUNIT_LIMITS): Promise<JunitReport> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const cases: JunitCase[] = [];
  const suites: string[] = [];
  const stack: string[] = [];
  let suiteCount = 0;
  let elements = 0;
  let current: (JunitCase & { reruns: number; rerunPassed: boolean }) | null = null;
  let textTarget: "output" | "property" | null = null;
  let propertyName: string | null = null;
  let propertyText = "";
  let failure: Error | null = null;
  let rootSeen = false;

  const fail = (message: string) => {
    failure ??= new JunitError(message);
  };
  const where = () => `line ${parser.line}, column ${parser.column + 1}`;
  const appendOutput = (text: string) => {
    if (!current) return;
    const existing = current.output ?? "";
    if (existing.length >= limits.maxOutputChars) return;
    current.output = own((existing + text).slice(0, limits.maxOutputChars));
  };

  parser.on("doctype", () => fail(`a DOCTYPE is not allowed in a JUnit report (${where()}): entities and external references are refused`));
  parser.on("error", (error) => {
    const detail = stripPosition(error.message);
    if (!rootSeen && /root element/i.test(detail)) return fail("the report is empty: no <testsuites> or <testsuite>");
    fail(`malformed XML at ${where()}: ${detail}`);
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    if (failure) return;
    if (++elements > limits.maxElements) return fail(`the report has more than ${limits.maxElements.toLocaleString("en")} XML elements`);
    const name = tag.name;
    const attr = (key: string) => own(tag.attributes[key]);
    rootSeen = true;
    if (stack.length === 0 && name !== "testsuites" && name !== "testsuite") {
      return fail(`not a JUnit report: the root element is <${name}>, not <testsuites> or <testsuite>`);
    }
    stack.push(name);
    switch (name) {
      case "testsuite":
        suites.push(attr("name") ?? "");
        suiteCount++;
        break;
      case "testcase":
        if (cases.length >= limits.maxCases) return fail(`the report has more than ${limits.maxCases.toLocaleString("en")} test cases`);
        current = {
          suite: suites.at(-1) ?? "",
          classname: attr("classname") ?? attr("class") ?? "",
          name: attr("name") ?? "",
          outcome: "passed",
          flaky: false,
          durationMs: seconds(attr("time")),
          message: null,
          output: null,
          properties: {},
          reruns: 0,
          rerunPassed: false,
        };
        if (!current.name) fail(`a <testcase> without a name at ${where()}`);
        break;
      case "failure":
      case "error":
        if (current) {
          current.outcome = name === "error" ? "error" : "failed";
          current.message = attr("message") ?? attr("type") ?? current.message;
          textTarget = "output";
        }
        break;
      case "skipped":
        if (current) {
          current.outcome = "skipped";
          current.message = attr("message") ?? current.message;
        }
        break;
      case "flakyFailure":
      case "flakyError":
        // Surefire: failed, then passed on a rerun.
        if (current) {
          current.flaky = true;
          current.message ??= attr("message") ?? null;
          textTarget = "output";
        }
        break;
      case "rerunFailure":
      case "rerunError":
        // Surefire: failed on every rerun too (the <failure> says so); recorded as output.
        if (current) {
          current.reruns++;
          textTarget = "output";
        }
        break;
      case "system-out":
      case "system-err":
        textTarget = current ? "output" : null;
        break;
      case "property":
        propertyName = attr("name") ?? null;
        propertyText = "";
        if (current && propertyName && attr("value") !== undefined) current.properties[propertyName] = attr("value")!;
        textTarget = attr("value") === undefined ? "property" : null;
        break;
    }
  });
  const onText = (text: string) => {
    if (failure || !textTarget) return;
    if (textTarget === "output") appendOutput(text);
    else if (textTarget === "property") propertyText = own(propertyText + text.slice(0, 2000));
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    if (failure) return;
    stack.pop();
    switch (tag.name) {
      case "testsuite":
        suites.pop();
        break;
      case "testcase":
        if (current) {
          const { reruns: _reruns, rerunPassed: _passed, ...finished } = current;
          // Output explains failures, skips and flakiness; a plain pass's output is not kept, so
          // what a report leaves in memory grows with its failures, not its size.
          if (finished.outcome === "passed" && !finished.flaky) finished.output = null;
          if (finished.output !== null) finished.output = finished.output.trim() || null;
          cases.push(finished);
        }
        current = null;
        break;
      case "property":
        if (current && propertyName && textTarget === "property") current.properties[propertyName] = own(propertyText.trim());
        propertyName = null;
        textTarget = null;
        break;
      case "failure":
      case "error":
      case "flakyFailure":
      case "flakyError":
      case "rerunFailure":
      case "rerunError":
      case "system-out":
      case "system-err":
        appendOutput("\n");
        textTarget = null;
        break;
    }
  });

  let bytes = 0;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const chunks = typeof source === "string" ? [source] : source;
  try {
    for await (const chunk of chunks) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (bytes > limits.maxBytes) throw new JunitError(`the report is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`);
      parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
      if (failure) throw failure;
    }
    if (typeof source !== "string") parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof JunitError) throw error;
    if (failure) throw failure;
    if (error instanceof TypeError && /decode|encoded/i.test(error.message)) throw new JunitError("the report is not valid UTF-8");
    throw new JunitError(`malformed XML at ${where()}: ${stripPosition((error as Error).message)}`);
  }
  if (failure) throw failure;
  if (bytes === 0 || (cases.length === 0 && suiteCount === 0)) throw new JunitError("the report is empty: no <testsuites> or <testsuite>");
  return { cases, suites: suiteCount };
}

/** What JUnit results map to when no explicit case id says otherwise: classname + name. */
export function automationIdOf(testCase: Pick<JunitCase, "classname" | "suite" | "name">): string {
  const owner = testCase.classname || testCase.suite;
  return owner ? `${owner}.${testCase.name}` : testCase.name;
}

/** Property names a test may carry to name its case explicitly (value: "CHK-42"). */
export const CASE_PROPERTIES = ["shiproom.case", "shiproom:case", "shiproom_case", "case", "case_id", "test_case", "test_id"];

export function explicitCaseKey(testCase: Pick<JunitCase, "properties">): string | null {
  for (const name of CASE_PROPERTIES) {
    const value = testCase.properties[name]?.trim();
    if (value && /^[A-Za-z][A-Za-z0-9]*-\d+$/.test(value)) return value.toUpperCase();
  }
  return null;
}
