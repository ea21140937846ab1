// How a case made by a JUnit import reads: a title from the test's name and a place in the
// suite tree from its classname. The raw names stay as the case's automation id.
import { SUITE_CASE_NAME, type JunitCase } from "./parse";

const TEST_PREFIX = /^(?:test|Test|TEST)(?:_+|(?=[A-Z0-9]))/;
// Classnames that are files (Vitest, Playwright): only extensions no package or namespace ends in.
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|rb|php|robot|feature)$/i;
const TEST_FILE_MARKER = /(?:[._-](?:test|spec|cy|e2e|tests|specs))+$/i;
const MAX_TITLE = 300;
const MAX_SUITE_NAME = 200;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `update_quantity` → "update quantity", `AddItem` → "add item", `HTTPClient` → "HTTP client". */
function words(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()))
    .join(" ");
}

/** One name, made readable: human text keeps its words; an identifier loses its `test` prefix and is split into words. */
function readable(name: string): string {
  if (/\s/.test(name.trim())) return name.trim();
  // Parameters stay as written: test_pay[visa] → "Pay [visa]", addsItem(int)[1] → "Adds item (int)[1]".
  const [, base = name, parameters = ""] = /^([^[(]+)(.*)$/.exec(name.replace(/\(\)$/, "")) ?? [];
  const suffix = parameters ? ` ${parameters}` : "";
  const stripped = base.replace(TEST_PREFIX, "");
  const spoken = words(stripped || base);
  return spoken ? `${spoken}${suffix}` : name;
}

/** A case's title from its test's name: `test_update_quantity` → "Update quantity", `testAddItem` → "Add item". */
export function titleOf(test: Pick<JunitCase, "classname" | "name">): string {
  if (test.name === SUITE_CASE_NAME) return "Suite set-up";
  let name = test.name.trim();
  if (/\s/.test(name)) return capitalise(name).slice(0, MAX_TITLE);
  // xunit.net and NUnit converted write the class into the name; Rust writes the module path.
  if (test.classname && name.startsWith(`${test.classname}.`)) name = name.slice(test.classname.length + 1);
  name = name.split("::").at(-1) || name;
  // Go's subtests: TestDiscount/zero_items → "Discount / zero items".
  const title = name
    .split("/")
    .filter(Boolean)
    .map((part, i) => (i === 0 ? capitalise(readable(part)) : readable(part)))
    .join(" / ");
  return (title || test.name).slice(0, MAX_TITLE);
}

/**
 * The path a test's classname names, as segments: `tests.checkout.test_cart`, `org.example.CartTest`,
 * `example.org/shop/cart` (a Go package: dots belong to the host), `src/cart.test.ts`, `Tests\Unit\CartTest`.
 * Reporters that write the test's title as its classname (jest-junit, mocha) give no path: their suite's name is used.
 */
export function classPathOf(test: Pick<JunitCase, "classname" | "suite" | "name">): string[] {
  const usable = (text: string) =>
    text !== "" && text !== test.name && !(/\s/.test(text) && (test.name.endsWith(text) || text.endsWith(test.name)));
  const source = usable(test.classname) ? test.classname : usable(test.suite) && test.suite !== "Root Suite" ? test.suite : "";
  if (source === "") return [];
  const isFile = SOURCE_FILE.test(source);
  const segments = (isFile || /[/\\]/.test(source) ? source.split(/[/\\]|::/) : source.split(/\.|::/)).filter(Boolean);
  if (isFile && segments.length > 0) {
    const file = segments.at(-1)!.replace(SOURCE_FILE, "").replace(TEST_FILE_MARKER, "");
    if (file) segments[segments.length - 1] = file;
    else segments.pop();
  }
  return segments;
}

/**
 * The distinct paths of a report's tests, numbered as they come. A report repeats a classname for
 * every test of it: each is worked out once (the test's name only matters to a classname or suite
 * name that is not a path).
 */
export class PathIndex {
  readonly paths: string[][] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byPath = new Map<string, number>();

  indexOf(test: Pick<JunitCase, "classname" | "suite" | "name">): number {
    const byName = /\s/.test(test.classname) || /\s/.test(test.suite) || test.classname === test.name || test.suite === test.name;
    const key = `${test.classname}\u0000${test.suite}${byName ? `\u0000${test.name}` : ""}`;
    let index = this.byKey.get(key);
    if (index === undefined) {
      const path = classPathOf(test);
      const joined = path.join("\u0000");
      index = this.byPath.get(joined);
      if (index === undefined) this.byPath.set(joined, (index = this.paths.push(path) - 1));
      this.byKey.set(key, index);
    }
    return index;
  }
}

/** How many leading segments every path shares, leaving each path at least its last segment. */
export function sharedPrefixLength(paths: string[][]): number {
  const nonEmpty = paths.filter((path) => path.length > 0);
  if (nonEmpty.length === 0) return 0;
  let shared = Math.min(...nonEmpty.map((path) => path.length - 1));
  for (const path of nonEmpty) {
    let i = 0;
    while (i < shared && path[i] === nonEmpty[0]![i]) i++;
    shared = i;
  }
  return shared;
}

/** Suite names for a path without its shared prefix: ["checkout", "test_cart"] → ["Checkout", "Cart"]. */
export function suiteNamesOf(path: string[], sharedPrefix: number): string[] {
  return path.slice(sharedPrefix).map((segment) => capitalise(readable(segment)).slice(0, MAX_SUITE_NAME));
}
