// A long import makes garbage at a steady rate for half a minute, holding little: a batch of tests
// at a time (the server's own heap aside). V8 lets its heap grow to a few times what it held at
// the last full collection before collecting again, so on its own a 100,000-testcase import left
// the server process 100 MB larger than it needs. The import collects itself instead, whenever
// its garbage has grown by a budget: a full collection of a small heap takes milliseconds, a few
// dozen times in an import.
import v8 from "node:v8";
import vm from "node:vm";

let collector: (() => void) | null | undefined;

/** V8's full collection, as `node --expose-gc` gives it (null where the flag cannot be set). */
function collect(): (() => void) | null {
  if (collector === undefined) {
    try {
      // A new context made after the flag is set holds `gc`; the process's own global does not.
      v8.setFlagsFromString("--expose-gc");
      collector = vm.runInNewContext("gc") as () => void;
    } catch {
      collector = null;
    }
  }
  return collector;
}

const used = () => v8.getHeapStatistics().used_heap_size;

/** Keeps what a piece of work leaves on the heap within `slackBytes` of what it holds (see above). */
export class HeapBudget {
  private limit: number;
  constructor(private readonly slackBytes: number) {
    this.limit = used() + slackBytes;
  }

  /** Collects when the heap has grown past the budget; cheap to call often. */
  check(): void {
    if (used() <= this.limit) return;
    collect()?.();
    // What is still there after a collection is held: the budget is above it (never collecting in a loop).
    this.limit = used() + this.slackBytes;
  }
}
