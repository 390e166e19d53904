import { parseArgs } from "node:util";
import { MARKETPLACE_SIM_FLAGS, optionsFromFlags } from "../marketplace-sim-kit/start.ts";
import { DEMO_TIKTOK_APP, DEMO_TIKTOK_SHOP, startTikTokSim } from "./index.ts";

const USAGE = `Usage: tsx dev/tiktok-sim/main.ts [--port 4600] [--host 127.0.0.1] [--token-lifetime 604800] [--requests-per-second 10] [--burst 20] [--notification-url URL] [--redirect-url URL] [--review-delay-ms 0]`;

const { values } = parseArgs({ options: MARKETPLACE_SIM_FLAGS });
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const sim = await startTikTokSim(optionsFromFlags(values, 4600));
console.log(`TikTok Shop Partner API (202309) simulator listening on ${sim.url}`);
console.log(`  app:           app_key ${DEMO_TIKTOK_APP.appKey}, app_secret ${DEMO_TIKTOK_APP.appSecret}`);
console.log(`  demo shop:     ${DEMO_TIKTOK_SHOP.id}, cipher ${DEMO_TIKTOK_SHOP.cipher} (authorization auto-approved)`);
console.log(`  ground truth:  curl ${sim.url}/__sim/items`);
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void sim.stop().then(() => process.exit(0)));
