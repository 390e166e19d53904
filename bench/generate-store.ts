/**
 * Builds the simulator's large store (10k products, ~50k variants, 200k orders, 100k customers) and
 * prints how long it took and the peak RSS. A figure, not a pass/fail test.
 *   npm run bench:sim [-- --size demo] [-- --seed 2]
 */
import { parseArgs } from "node:util";
import { generateStore, STORE_SIZES, type StoreSize } from "../dev/shopify-sim/generator.ts";

const { values } = parseArgs({ options: { size: { type: "string", default: "large" }, seed: { type: "string", default: "1" } } });
const size = values.size as StoreSize;
if (!STORE_SIZES.includes(size)) throw new Error(`--size must be one of ${STORE_SIZES.join(", ")}`);

const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const store = generateStore({ domain: "bench.myshopify.com", size, seed: Number(values.seed) });
const ms = performance.now() - started;
const counts = store.counts();
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`generate ${size} store (seed ${values.seed}): ${(ms / 1000).toFixed(2)} s`);
console.log(
  `  ${Object.entries(counts)
    .map(([k, v]) => `${k} ${v.toLocaleString("en-US")}`)
    .join(", ")}`,
);
console.log(
  `  peak RSS ${peakMb.toFixed(0)} MB (before: ${(rssBefore / 1024 / 1024).toFixed(0)} MB), heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`,
);
