/**
 * `npm run bench`: every benchmark, one after another (never side by side: each measures its own
 * baseline in the same run, and two at once would load each other), then one table of the figures
 * issue 11 names: figure, baseline, ratio, goal, met or missed. Each benchmark's own output is
 * passed through; the table is built from the JSON line each prints last (bench:webhooks is the
 * webhook engineer's: its line is read as it is, `{ rate, p50Ms, p99Ms, errors, burst }`).
 *   npm run bench [-- --size demo|large] [-- --sizes tiny,large] [-- --skip paginate,webhooks]
 * --size: the store of bench:ingest (default large); --sizes: the stores of bench:bulk, smallest
 * first (default tiny,large: memory must stay flat between them).
 */
import { spawn } from "node:child_process";
import { parseArgs } from "node:util";
import { fmt, loadNote } from "./lib/harness.ts";

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "large" },
    sizes: { type: "string", default: "tiny,large" },
    skip: { type: "string", default: "" },
  },
});
const skipped = new Set(values.skip.split(",").filter(Boolean));

interface Run {
  ok: boolean;
  json: Record<string, unknown> | undefined;
  seconds: number;
}

/** Runs one npm script, passing its output through, and keeps the last JSON line it printed. */
function runScript(script: string, args: string[]): Promise<Run> {
  console.log(`\n$ npm run ${script} -- ${args.join(" ")}`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], { stdio: ["ignore", "pipe", "inherit"] });
    let last: Record<string, unknown> | undefined;
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith("{")) continue;
        try {
          last = JSON.parse(line) as Record<string, unknown>;
        } catch {
          // a log line that only looks like JSON
        }
      }
    });
    child.on("close", (code) => resolve({ ok: code === 0, json: last, seconds: (performance.now() - started) / 1000 }));
  });
}

interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  goal: string;
  verdict: "met" | "missed" | "not measured" | "-";
}

const rows: Row[] = [];
const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
const notMeasured = (figure: string, goal: string, why: string): Row => ({
  figure,
  value: why,
  baseline: "",
  ratio: "",
  goal,
  verdict: "not measured",
});
const verdict = (met: boolean): Row["verdict"] => (met ? "met" : "missed");

if (!skipped.has("paginate")) await runScript("bench:paginate", ["--minutes", "1"]);

if (!skipped.has("ingest")) {
  const { json } = await runScript("bench:ingest", ["--size", values.size, "--json"]);
  const [rate, copy, ratio] = [num(json?.rowsPerSecond), num(json?.copyRowsPerSecond), num(json?.ratio)];
  const figure = `bulk ingest path alone, ${values.size} store (rows/s)`;
  if (rate === undefined || copy === undefined || ratio === undefined) rows.push(notMeasured(figure, ">= 0.5 of COPY", "no JSON line"));
  else
    rows.push({
      figure,
      value: fmt(rate),
      baseline: `COPY ${fmt(copy)}`,
      ratio: ratio.toFixed(2),
      goal: ">= 0.5 of COPY (stretch 0.8)",
      verdict: verdict(ratio >= 0.5),
    });
}

if (!skipped.has("bulk")) {
  const { json } = await runScript("bench:bulk", ["--sizes", values.sizes, "--serve", "worker", "--json"]);
  const [rate, copy, ratio, peak, flatness] = [
    num(json?.rowsPerSecond),
    num(json?.copyRowsPerSecond),
    num(json?.ratio),
    num(json?.peakRssMb),
    num(json?.flatness),
  ];
  const byProcess = (json?.peakRssMbByProcess ?? {}) as Record<string, number>;
  const size = String(json?.size ?? values.sizes.split(",").at(-1));
  if (rate === undefined || copy === undefined || ratio === undefined)
    rows.push(notMeasured(`whole bulk sync via app + runner, ${size} store (rows/s)`, ">= 0.4 of COPY", "no JSON line"));
  else
    rows.push({
      figure: `whole bulk sync via app + runner, ${size} store (rows/s)`,
      value: fmt(rate),
      baseline: `COPY ${fmt(copy)}`,
      ratio: ratio.toFixed(2),
      goal: ">= 0.4 of COPY",
      verdict: verdict(ratio >= 0.4),
    });
  if (peak !== undefined)
    rows.push({
      figure: `peak RSS of each ShopSync process, ${values.sizes} (MB)`,
      value: `${fmt(peak)} (next ${fmt(byProcess.next ?? 0)}, worker ${fmt(byProcess.worker ?? 0)}; runner ${fmt(byProcess.runner ?? 0)})`,
      baseline: "",
      ratio: "",
      goal: "< 300 MB each",
      verdict: verdict(peak < 300),
    });
  if (flatness !== undefined)
    rows.push({
      figure: `peak RSS, largest store over smallest (${values.sizes})`,
      value: flatness.toFixed(2),
      baseline: "",
      ratio: "",
      goal: "<= 1.10 (flat within 10%)",
      verdict: verdict(flatness <= 1.1),
    });
}

if (!skipped.has("webhooks")) {
  const { json } = await runScript("bench:webhooks", ["--rate", "500", "--duration", "60", "--json"]);
  const [rate, p50, p99, errors] = [num(json?.rate), num(json?.p50Ms), num(json?.p99Ms), num(json?.errors)];
  const burst = (json?.burst ?? {}) as { deliveries?: number; appliedSeconds?: number };
  if (p99 === undefined || errors === undefined)
    rows.push(notMeasured("webhook ingress p99 at 500 req/s", "< 50 ms, 0 errors", "no JSON line"));
  else
    rows.push({
      figure: `webhook ingress p99 at ${fmt(rate ?? 500)} req/s, open loop (ms)`,
      value: `${fmt(p99, 1)} (p50 ${fmt(p50 ?? 0, 1)}), ${fmt(errors)} errors`,
      baseline: "",
      ratio: "",
      goal: "< 50 ms, 0 errors",
      verdict: verdict(p99 < 50 && errors === 0),
    });
  const applied = num(burst.appliedSeconds);
  if (applied !== undefined)
    rows.push({
      figure: `burst of ${fmt(burst.deliveries ?? 2000)} webhooks fully applied (s)`,
      value: fmt(applied, 1),
      baseline: "",
      ratio: "",
      goal: "< 60 s (stretch 15 s)",
      verdict: verdict(applied < 60),
    });
}

const header: Row = { figure: "figure", value: "measured", baseline: "baseline", ratio: "ratio", goal: "goal", verdict: "-" };
const columns = Object.keys(header) as (keyof Row)[];
const widths = columns.map((column) =>
  Math.max(...[header, ...rows].map((row) => (column === "verdict" && row === header ? 10 : row[column].length))),
);
const line = (row: Row) =>
  "| " +
  columns.map((column, i) => (row === header && column === "verdict" ? "met/missed" : row[column]).padEnd(widths[i]!)).join(" | ") +
  " |";
console.log(`\nShopSync benchmarks (${loadNote()}; figures measured side by side with their baselines in the same run):`);
console.log(line(header));
console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
for (const row of rows) console.log(line(row));
