// Time and memory of one piece of bench work, for the bench scripts that run in a process of their own.

/** Bytes as whole MiB. */
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/**
 * Runs `work` after a collection (with --expose-gc): its time in ms, and how far the process's RSS
 * rose above where it started, at its peak (sampled every 10 ms), in MiB.
 */
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; ms: number; rssGrowthMb: number; baselineMb: number }> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  try {
    const result = await work();
    const ms = Math.round(performance.now() - started);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms, rssGrowthMb: mb(peak - baseline), baselineMb: mb(baseline) };
  } finally {
    clearInterval(sampler);
  }
}
