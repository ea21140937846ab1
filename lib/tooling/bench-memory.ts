// Run by `npm run bench` in a fresh process: streams one JUnit report from a file through the
// parser and prints the process's memory, so reports of different sizes can be compared.
import fs from "node:fs";
import { parseJunit } from "@/lib/junit/parse";

const file = process.argv[2]!;
global.gc?.();
const baseline = process.memoryUsage();
let peakRss = baseline.rss;
let peakHeap = baseline.heapUsed;
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakHeap = Math.max(peakHeap, now.heapUsed);
}, 5);
const started = performance.now();
const report = await parseJunit(fs.createReadStream(file, { highWaterMark: 64 * 1024 }));
const ms = performance.now() - started;
clearInterval(sampler);
global.gc?.();
const retainedHeap = process.memoryUsage().heapUsed - baseline.heapUsed; // what the parsed report holds
void report.cases.length;
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({ cases: report.cases.length, ms: Math.round(ms), fileMb: mb(fs.statSync(file).size), baselineRssMb: mb(baseline.rss), peakRssMb: mb(peakRss), peakHeapMb: mb(peakHeap), retainedMb: mb(retainedHeap) })}\n`,
);
