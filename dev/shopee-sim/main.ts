import { parseArgs } from "node:util";
import { MARKETPLACE_SIM_FLAGS, optionsFromFlags } from "../marketplace-sim-kit/start.ts";
import { DEMO_SHOPEE_APP, DEMO_SHOPEE_SHOP, startShopeeSim } from "./index.ts";

const USAGE = `Usage: tsx dev/shopee-sim/main.ts [--port 4500] [--host 127.0.0.1] [--token-lifetime 14400] [--requests-per-second 10] [--burst 20] [--notification-url URL] [--review-delay-ms 0] [--push-without-msg-id]`;

const { values } = parseArgs({ options: MARKETPLACE_SIM_FLAGS });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sim = await startShopeeSim(optionsFromFlags(values, 4500));
console.log(`Shopee Open Platform v2 simulator listening on ${sim.url}`);
console.log(`  app:           partner_id ${DEMO_SHOPEE_APP.partnerId}, partner_key ${DEMO_SHOPEE_APP.partnerKey}`);
console.log(`  demo shop:     shop_id ${DEMO_SHOPEE_SHOP.shopId} (authorization auto-approved)`);
console.log(`  ground truth:  curl ${sim.url}/__sim/items`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sim.stop().then(() => process.exit(0)));
