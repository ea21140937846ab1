// A streaming JUnit XML reader for what real reporters write: pytest (xunit1, xunit2), Jest
// (jest-junit), Vitest, Playwright, Maven Surefire and Failsafe, Gradle, gotestsum, PHPUnit,
// xunit/NUnit converted, Robot Framework, Cypress, cargo-nextest, ctest. It never holds the
// document, refuses what could attack the server (any DOCTYPE, so no entity expansion or
// external entities; deep nesting, many or long attributes), caps size and element count, and
// names the line and column of what it refuses. Nothing is stored here.
import { SaxesParser, type SaxesTagPlain } from "saxes";
import { durationOf } from "./duration";
import { Warnings } from "../test-runs/import-warnings";

export const JUNIT_LIMITS = {
  /** Largest report accepted, in bytes. */
  maxBytes: 50 * 1024 * 1024,
  /** Most XML elements in one report. */
  maxElements: 2_000_000,
  /** Most test cases (testcase elements, each attempt counted) in one report. */
  maxCases: 100_000,
  /** Deepest nesting of elements. */
  maxDepth: 64,
  /** Most attributes on one element. */
  maxAttributes: 256,
  /** Longest attribute value (and longest name), in characters. */
  maxAttributeChars: 65_536,
  /** Output (failure text, system-out/err) kept per test case. */
  maxOutputChars: 4000,
  /** Files one test case may name as its attachments; more are left out, with a warning. */
  maxAttachmentsPerCase: 20,
  /** Longest attachment path, in characters. */
  maxAttachmentPathChars: 1024,
};

export type JunitLimits = typeof JUNIT_LIMITS;

export type JunitOutcome = "passed" | "failed" | "error" | "skipped";

/** The name of the case that stands for a whole suite failing outside any testcase (collection, set-up). */
export const SUITE_CASE_NAME = "(suite)";

/** One <testcase> as the report has it: one attempt of a test (a report may hold several attempts of one test). */
export type JunitCase = {
  /** The enclosing <testsuite>'s name. */
  suite: string;
  classname: string;
  name: string;
  /** The worst its children say, in any order: error, then failure, then skipped, else passed. */
  outcome: JunitOutcome;
  /** Failed, then passed on a rerun within this testcase (Surefire's flakyFailure/flakyError). */
  flaky: boolean;
  durationMs: number | null;
  /** The message of the child that decided the outcome (its attribute, else its text's first line). */
  message: string | null;
  /** Failure, error and skip texts and system-out/err, truncated; kept unless a plain pass. */
  output: string | null;
  /** The value of a case property (shiproom.case, test_id, …): the case this test says it is. */
  caseReference: string | null;
  /**
   * Files the test names as its attachments, as written (a path, absolute or relative to the
   * report), each once: `[[ATTACHMENT|path]]` in its system-out or system-err (the Jenkins JUnit
   * Attachments plugin's convention, also GitLab's and Azure DevOps'), or an `attachment` or
   * `attachment_N` property (Testmo's and Bitrise's).
   */
  attachments: string[];
};

export type JunitReport = {
  /** Every attempt, in the order of the report; empty when they went to a CaseSink instead. */
  cases: JunitCase[];
  /** How many attempts the report held. */
  count: number;
  suites: number;
  warnings: Warnings;
};

/** Takes a report's attempts as they are read, a batch at a time, instead of holding them all. */
export type CaseSink = (cases: JunitCase[]) => Promise<void>;

/** Attempts a CaseSink is handed at once, at least (the last batch may be smaller). */
const SINK_BATCH = 500;

export class JunitError extends Error {
  override name = "JunitError";
  constructor(
    message: string,
    /** Where in the report, when the reader got that far. */
    readonly at: { line: number; column: number } | null = null,
    readonly tooLarge = false,
  ) {
    super(message);
  }
}

class SinkFailed {
  constructor(readonly cause: unknown) {}
}

/** Property names a test may carry to name its case explicitly (value: "CHK-42"), the first found wins. */
const CASE_PROPERTIES = ["shiproom.case", "shiproom:case", "shiproom_case", "case", "case_id", "test_case", "test_id"];

/** What JUnit results map to when no case reference says otherwise: classname + name. */
export function automationIdOf(testCase: Pick<JunitCase, "classname" | "suite" | "name">): string {
  const owner = testCase.classname || testCase.suite;
  return owner ? `${owner}.${testCase.name}` : testCase.name;
}

const RANK: Record<JunitOutcome, number> = { passed: 0, skipped: 1, failed: 2, error: 3 };
const OUTCOME_BY_RANK: JunitOutcome[] = ["passed", "skipped", "failed", "error"];

/** Children of a testcase that say how it went; rank orders their messages (a flaky pass's failure explains the pass). */
const RESULT_ELEMENTS: Record<string, { outcome: JunitOutcome | null; rank: number }> = {
  skipped: { outcome: "skipped", rank: 1 },
  failure: { outcome: "failed", rank: 2 },
  rerunFailure: { outcome: "failed", rank: 2 },
  error: { outcome: "error", rank: 3 },
  rerunError: { outcome: "error", rank: 3 },
  flakyFailure: { outcome: null, rank: 0.5 },
  flakyError: { outcome: null, rank: 0.5 },
};
const SUITE_FAILURES = new Set(["failure", "error"]);
/** Properties whose value is a file the test attached: `attachment`, and `attachment_1`, `attachment_2`, …. */
const ATTACHMENT_PROPERTY = /^attachment(?:_\d+)?$/;
/** `[[ATTACHMENT|path]]`, anywhere in a line (the plugin asks for one per line; reporters are not always so tidy). */
const ATTACHMENT_MARKER = /\[\[ATTACHMENT\|([^\]\r\n]*)\]\]/g;
const OUTPUT_ELEMENTS = new Set(["system-out", "system-err"]);
const MESSAGE_HEAD = 1000;
const PIECE = 64 * 1024;

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
  // saxes ends its messages with a full stop; ours are ended where they are told ("…: detail.").
  return message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, "").replace(/\.+$/, "");
}

/** Text up to a bound, in pieces: a failure's text may be megabytes, of which only the head is kept. */
class Output {
  private parts: string[] = [];
  private length = 0;
  constructor(private readonly max: number) {}
  add(text: string) {
    if (this.length >= this.max || text.length === 0) return;
    const piece = text.slice(0, this.max - this.length);
    this.parts.push(piece);
    this.length += piece.length;
  }
  /** Starts a new element's text on its own line. */
  separate() {
    if (this.length > 0 && this.parts.at(-1)?.endsWith("\n") === false) this.add("\n");
  }
  value(): string | null {
    const text = this.parts.join("").trim();
    return text ? own(text) : null;
  }
}

/**
 * Finds `[[ATTACHMENT|path]]` in text that arrives in pieces (a marker may be split between two),
 * whatever of the text the Output above keeps: a long log's marker near its end still counts.
 */
class AttachmentScanner {
  private carry = "";
  constructor(
    private readonly take: (path: string) => void,
    private readonly maxPath: number,
  ) {}
  add(text: string) {
    const held = this.carry + text;
    let end = 0;
    for (const match of held.matchAll(ATTACHMENT_MARKER)) {
      this.take(match[1]!);
      end = match.index + match[0].length;
    }
    const rest = held.slice(end);
    const open = rest.lastIndexOf("[[");
    // Only what could still become a marker is kept: its opening, at most a path's length back.
    if (open >= 0 && rest.length - open <= this.maxPath + 16) this.carry = rest.slice(open);
    else this.carry = rest.endsWith("[") ? "[" : "";
  }
}

type Draft = {
  suite: string;
  classname: string;
  name: string;
  rank: number;
  flaky: boolean;
  durationMs: number | null;
  message: string | null;
  messageRank: number;
  output: Output;
  caseReference: string | null;
  referenceRank: number;
  attachments: string[];
};

/** An open element: where its text goes, and what its end does. */
type Frame = { sink: ((text: string) => void) | null; close?: () => void };
type SuiteFrame = { name: string; draft: Draft | null; output: Output };

/** saxes buffers the token it is reading (an attribute value, CDATA, a comment) until it ends, with no limit of its own. */
type SaxesBuffers = { text: string; name: string; entity: string };

function firstLine(text: string): string | null {
  for (const line of text.split("\n")) if (line.trim()) return line.trim().slice(0, 500);
  return null;
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== "" ? value.trim() : null;
}

/** Reads a report from chunks (a request body stream, a file, or a string). */
export async function parseJunit(
  source: AsyncIterable<Uint8Array | string> | string,
  limits: JunitLimits = JUNIT_LIMITS,
  sink?: CaseSink,
): Promise<JunitReport> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const buffers = parser as unknown as SaxesBuffers;
  const warnings = new Warnings();
  const cases: JunitCase[] = [];
  const stack: Frame[] = [];
  const suites: SuiteFrame[] = [];
  const names = new Map<string, string>();
  // Tests that failed in an attempt: a later passing attempt's output is then kept too.
  const failedTests = new Set<string>();
  let suiteCount = 0;
  let count = 0;
  let elements = 0;
  let attributes = 0;
  let inStartTag = false;
  let current: Draft | null = null;
  let rootSeen = false;

  const where = () => ({ line: parser.line, column: parser.column + 1 });
  const refuse = (message: string, detail?: string): never => {
    const at = where();
    throw new JunitError(`${message} at line ${at.line}, column ${at.column}${detail ? `: ${detail}` : ""}`, at);
  };
  // Classnames and suite names repeat for every test: one copy each.
  const intern = (text: string | undefined) => {
    if (!text) return "";
    const known = names.get(text);
    if (known !== undefined) return known;
    const copy = own(text);
    names.set(copy, copy);
    return copy;
  };
  const draft = (suite: string, classname: string, name: string): Draft => ({
    suite,
    classname,
    name,
    rank: 0,
    flaky: false,
    durationMs: null,
    message: null,
    messageRank: -1,
    output: new Output(limits.maxOutputChars),
    caseReference: null,
    referenceRank: CASE_PROPERTIES.length,
    attachments: [],
  });
  /** A file a test names: kept once, trimmed, within the limits; what is left out is warned about. */
  const attach = (test: Draft, raw: string) => {
    const path = raw.trim();
    if (!path || test.attachments.includes(path)) return;
    const who = automationIdOf(test);
    if (path.length > limits.maxAttachmentPathChars)
      warnings.add("attachment-left-out", `${who}: a path longer than ${limits.maxAttachmentPathChars.toLocaleString("en")} characters`);
    else if (test.attachments.length >= limits.maxAttachmentsPerCase)
      warnings.add("attachment-left-out", `${who}: ${path.slice(0, 200)} (a test names at most ${limits.maxAttachmentsPerCase} files)`);
    else test.attachments.push(own(path));
  };
  const finish = (test: Draft) => {
    if (count >= limits.maxCases) refuse(`the report has more than ${limits.maxCases.toLocaleString("en")} test cases`);
    count++;
    const outcome = OUTCOME_BY_RANK[test.rank]!;
    const flaky = test.flaky && outcome === "passed";
    const id = automationIdOf(test);
    const retried = outcome === "passed" && failedTests.has(id);
    if (outcome === "failed" || outcome === "error" || flaky) failedTests.add(id);
    cases.push({
      suite: test.suite,
      classname: test.classname,
      name: test.name,
      outcome,
      flaky,
      durationMs: test.durationMs,
      message: test.message === null ? null : own(test.message),
      // A plain pass's output is not kept, so what a report leaves in memory grows with its failures, not its size.
      output: outcome === "passed" && !flaky && !retried ? null : test.output.value(),
      caseReference: test.caseReference,
      attachments: test.attachments,
    });
  };
  // Text is only buffered (by saxes too) inside the elements whose text is kept.
  let sinking = false;
  const onText = (text: string) => stack.at(-1)?.sink?.(text);
  const followSink = () => {
    const sink = stack.at(-1)?.sink ?? null;
    if ((sink !== null) === sinking) return;
    sinking = sink !== null;
    if (sinking) {
      parser.on("text", onText);
    } else {
      parser.off("text");
    }
  };

  /** A <failure>, <error>, <skipped>, … of a test (or a suite's own failure): its outcome, message and text. */
  const resultFrame = (target: Draft, element: string, tag: SaxesTagPlain): Frame => {
    const effect = RESULT_ELEMENTS[element]!;
    if (effect.outcome) target.rank = Math.max(target.rank, RANK[effect.outcome]);
    else target.flaky = true;
    target.output.separate();
    let head = "";
    return {
      sink: (text) => {
        target.output.add(text);
        if (head.length < MESSAGE_HEAD) head += text.slice(0, MESSAGE_HEAD - head.length);
      },
      close: () => {
        // A message given only as an attribute is kept with the text too (Robot, gotestsum's skips).
        const message = nonEmpty(tag.attributes.message);
        target.output.separate();
        if (message && !head.includes(message.slice(0, 200))) {
          target.output.add(`${element}: ${message}`);
          target.output.separate();
        }
        if (effect.rank <= target.messageRank) return;
        target.messageRank = effect.rank;
        target.message = message ?? firstLine(head) ?? nonEmpty(tag.attributes.type);
      },
    };
  };

  const refuseDoctype = () => refuse("a DOCTYPE is not allowed in a JUnit report (entities and external references are refused)");
  parser.on("doctype", refuseDoctype);
  parser.on("error", (error) => {
    const detail = stripPosition(error.message);
    if (!rootSeen && /root element/i.test(detail)) throw new JunitError("the report is empty: no <testsuites> or <testsuite>");
    refuse("malformed XML", detail);
  });
  const tooLong = (what: string) => refuse(`${what} is longer than ${limits.maxAttributeChars.toLocaleString("en")} characters`);
  parser.on("opentagstart", (tag) => {
    if (tag.name.length > limits.maxAttributeChars) tooLong("a name");
    if (++elements > limits.maxElements) refuse(`the report has more than ${limits.maxElements.toLocaleString("en")} XML elements`);
    if (stack.length >= limits.maxDepth) refuse(`elements are nested more than ${limits.maxDepth} deep`);
    attributes = 0;
    inStartTag = true;
  });
  parser.on("attribute", (attribute) => {
    if (++attributes > limits.maxAttributes) refuse(`an element has more than ${limits.maxAttributes} attributes`);
    if (attribute.name.length > limits.maxAttributeChars) tooLong("a name");
    if (attribute.value.length > limits.maxAttributeChars) tooLong("an attribute");
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    inStartTag = false;
    const element = tag.name;
    const attr = (key: string) => tag.attributes[key];
    const parent = stack.at(-1);
    let frame: Frame = { sink: parent?.sink ?? null };
    if (!rootSeen) {
      rootSeen = true;
      if (element !== "testsuites" && element !== "testsuite")
        refuse(`not a JUnit report: the root element is <${element}>, not <testsuites> or <testsuite>`);
    }
    const suite = suites.at(-1);
    if (element === "testsuites" || element === "testsuite") {
      if (element === "testsuite") suiteCount++;
      const opened: SuiteFrame = { name: intern(attr("name")), draft: null, output: new Output(limits.maxOutputChars) };
      suites.push(opened);
      frame = {
        sink: null,
        close: () => {
          suites.pop();
          if (!opened.draft) return;
          // What the suite printed explains why it failed.
          opened.draft.output.separate();
          opened.draft.output.add(opened.output.value() ?? "");
          finish(opened.draft);
        },
      };
    } else if (element === "testcase" && !current) {
      if (count >= limits.maxCases) refuse(`the report has more than ${limits.maxCases.toLocaleString("en")} test cases`);
      const name = attr("name");
      if (!name) refuse("a <testcase> without a name");
      const test = draft(suite?.name ?? "", intern(attr("classname") ?? attr("class")), own(name!));
      const time = durationOf(attr("time"));
      test.durationMs = time.ms;
      if (time.problem) warnings.add("duration-dropped", `${automationIdOf(test)}: time="${attr("time")!.slice(0, 40)}" ${time.problem}`);
      current = test;
      frame = {
        sink: null,
        close: () => {
          current = null;
          finish(test);
        },
      };
    } else if (element in RESULT_ELEMENTS && current) {
      frame = resultFrame(current, element, tag);
    } else if (SUITE_FAILURES.has(element) && !current && suite) {
      // A suite that failed outside any testcase (collection, set-up): one case stands for the suite.
      suite.draft ??= draft(suite.name, suite.name, SUITE_CASE_NAME);
      frame = resultFrame(suite.draft, element, tag);
    } else if (OUTPUT_ELEMENTS.has(element)) {
      const output = current?.output ?? suite?.draft?.output ?? suite?.output;
      output?.separate();
      const test: Draft | null = current;
      const where = suite?.name ? `the suite ${suite.name}` : "the report";
      const scanner = new AttachmentScanner(
        (path) =>
          test
            ? attach(test, path)
            : warnings.add("attachment-left-out", `${path.trim().slice(0, 200)}, named in ${where}'s output, outside any test`),
        limits.maxAttachmentPathChars,
      );
      frame = {
        sink: (text) => {
          output?.add(text);
          scanner.add(text);
        },
        close: () => output?.separate(),
      };
    } else if (element === "property" && current && ATTACHMENT_PROPERTY.test(attr("name") ?? "")) {
      const test: Draft = current;
      const value = attr("value");
      if (value !== undefined) attach(test, value);
      else {
        let text = "";
        const max = limits.maxAttachmentPathChars + 1;
        frame = { sink: (piece) => (text += text.length < max ? piece.slice(0, max) : ""), close: () => attach(test, text) };
      }
    } else if (element === "property" && current) {
      const test: Draft = current;
      const rank = CASE_PROPERTIES.indexOf(attr("name") ?? "");
      if (rank >= 0 && rank < test.referenceRank) {
        const take = (value: string) => {
          const reference = nonEmpty(value);
          if (reference === null) return;
          test.caseReference = own(reference.slice(0, 200));
          test.referenceRank = rank;
        };
        const value = attr("value");
        if (value !== undefined) take(value);
        else {
          let text = "";
          frame = { sink: (piece) => (text += text.length < 200 ? piece.slice(0, 200) : ""), close: () => take(text) };
        }
      }
    }
    stack.push(frame);
    followSink();
  });
  parser.on("cdata", (text) => stack.at(-1)?.sink?.(text));
  parser.on("closetag", () => {
    stack.pop()?.close?.();
    followSink();
  });

  /** Between pieces: no token may grow past the limits; text being kept is taken out of saxes' buffer as it comes. */
  const checkBuffers = () => {
    if (buffers.name.length > limits.maxAttributeChars) tooLong("a name");
    if (buffers.entity.length > 1000) refuse("an entity reference is longer than 1,000 characters");
    if (buffers.text.length <= limits.maxAttributeChars) return;
    if (inStartTag) tooLong("an attribute");
    // Text, CDATA, a comment or a processing instruction: only the kept text's head matters.
    const pending = buffers.text;
    buffers.text = "";
    stack.at(-1)?.sink?.(pending);
  };

  // What the sink throws is the sink's, not a fault of the report.
  const handOver = (take: CaseSink) =>
    take(cases.splice(0)).catch((error: unknown) => {
      throw new SinkFailed(error);
    });
  let bytes = 0;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const chunks = typeof source === "string" ? [source] : source;
  // saxes reports a DOCTYPE at its end, having read all of it: one before the root is refused as it starts.
  let prolog = "";
  const write = (text: string) => {
    for (let i = 0; i < text.length; i += PIECE) {
      const piece = text.slice(i, i + PIECE);
      if (!rootSeen) {
        if ((prolog + piece).includes("<!DOCTYPE")) refuseDoctype();
        prolog = piece.slice(-8);
      }
      parser.write(piece);
      checkBuffers();
    }
  };
  try {
    for await (const chunk of chunks) {
      bytes += typeof chunk === "string" ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (bytes > limits.maxBytes)
        throw new JunitError(`the report is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB`, null, true);
      write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
      if (sink && cases.length >= SINK_BATCH) await handOver(sink);
    }
    if (typeof source !== "string") write(decoder.decode());
    if (bytes === 0) throw new JunitError("the report is empty: no <testsuites> or <testsuite>");
    parser.close();
    if (sink && cases.length > 0) await handOver(sink);
  } catch (error) {
    if (error instanceof SinkFailed) throw error.cause;
    if (error instanceof JunitError) throw error;
    // What ended the body (a multipart part that is no file, the upload's limit) is said as it is,
    // not as the XML's fault: an AppError of lib/http/errors.ts, known by its status here (this
    // module imports nothing of the server's: the CLI reads reports with it too).
    if (error instanceof Error && typeof (error as { status?: unknown }).status === "number") throw error;
    if (error instanceof TypeError && /decode|encoded/i.test(error.message)) throw new JunitError("the report is not valid UTF-8");
    refuse("malformed XML", stripPosition((error as Error).message));
  }
  return { cases, count, suites: suiteCount, warnings };
}
