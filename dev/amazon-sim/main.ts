import { parseArgs } from "node:util";
import { STORE_SIZES, type StoreSize } from "../shopify-sim/generator.ts";
import { startAmazonSim } from "./index.ts";

const USAGE = `Usage: tsx dev/amazon-sim/main.ts [--port 4200] [--host 127.0.0.1] [--size tiny|demo|large] [--seed 1]
       [--share 0.25] [--token-lifetime 3600] [--apply-delay-ms 2000]`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4200" },
    host: { type: "string", default: "127.0.0.1" },
    size: { type: "string", default: "demo" },
    seed: { type: "string", default: "1" },
    share: { type: "string", default: "0.25" },
    "token-lifetime": { type: "string", default: "3600" },
    "apply-delay-ms": { type: "string", default: "2000" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!STORE_SIZES.includes(values.size as StoreSize)) {
  console.error(`--size must be one of ${STORE_SIZES.join(", ")}\n${USAGE}`);
  process.exit(2);
}
const sim = await startAmazonSim({
  port: Number(values.port),
  host: values.host,
  size: values.size as StoreSize,
  seed: Number(values.seed),
  share: Number(values.share),
  tokenLifetimeSeconds: Number(values["token-lifetime"]),
  applyDelayMs: Number(values["apply-delay-ms"]),
});
console.log(`Amazon SP-API simulator listening on ${sim.url}  [${sim.state.account.listings.size} listings]`);
console.log(`  credentials:   ${JSON.stringify(sim.account)}`);
console.log(`  ground truth:  curl ${sim.url}/__sim/inventory`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sim.stop().then(() => process.exit(0)));
