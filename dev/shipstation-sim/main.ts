import { parseArgs } from "node:util";
import { STORE_SIZES, type StoreSize } from "../shopify-sim/generator.ts";
import { startShipStationSim } from "./index.ts";

const USAGE = `Usage: tsx dev/shipstation-sim/main.ts [--port 4300] [--host 127.0.0.1] [--size tiny|demo|large] [--seed 1] [--share 0.125]`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4300" },
    host: { type: "string", default: "127.0.0.1" },
    size: { type: "string", default: "demo" },
    seed: { type: "string", default: "1" },
    share: { type: "string", default: "0.125" },
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
const sim = await startShipStationSim({
  port: Number(values.port),
  host: values.host,
  size: values.size as StoreSize,
  seed: Number(values.seed),
  share: Number(values.share),
});
console.log(`ShipStation API v2 simulator listening on ${sim.url}  [${sim.state.account.products.size} SKUs]`);
console.log(`  credentials:   ${JSON.stringify(sim.account)}`);
console.log(`  ground truth:  curl ${sim.url}/__sim/inventory`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sim.stop().then(() => process.exit(0)));
