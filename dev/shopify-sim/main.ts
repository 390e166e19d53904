import path from "node:path";
import { parseArgs } from "node:util";
import { STORE_SIZES, type StoreSize } from "./generator.ts";
import { DEMO_SHOP, startShopifySim } from "./index.ts";
import { PLAN_NAMES, type PlanName } from "./throttle.ts";

const USAGE = `Usage: npm run sim -- [--size tiny|demo|large] [--port 4100] [--host 127.0.0.1] [--seed 1]
       [--plan standard|advanced|plus|enterprise] [--bulk-speed 5000] [--token-lifetime 3600]
       [--webhook-retry-scale 1] [--public-url http://localhost:4100] [--state-dir .data/shopify-sim]

--state-dir keeps issued tokens, webhook subscriptions and every change to the store in that
directory, and restores them at the next start (default: everything in memory, gone at exit).`;

const { values } = parseArgs({
  options: {
    size: { type: "string", default: "demo" },
    port: { type: "string", default: "4100" },
    host: { type: "string", default: "127.0.0.1" },
    seed: { type: "string", default: "1" },
    plan: { type: "string", default: "standard" },
    "bulk-speed": { type: "string", default: "5000" },
    "token-lifetime": { type: "string", default: "3600" },
    "webhook-retry-scale": { type: "string", default: "1" },
    "public-url": { type: "string" },
    "state-dir": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function number(name: string, raw: string | undefined): number {
  const value = raw === "Infinity" ? Infinity : Number(raw);
  if (Number.isNaN(value)) fail(`--${name} must be a number, got ${raw}`);
  return value;
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!STORE_SIZES.includes(values.size as StoreSize)) fail(`--size must be one of ${STORE_SIZES.join(", ")}`);
if (!PLAN_NAMES.includes(values.plan as PlanName)) fail(`--plan must be one of ${PLAN_NAMES.join(", ")}`);

const started = performance.now();
const sim = await startShopifySim({
  size: values.size as StoreSize,
  port: number("port", values.port),
  host: values.host,
  seed: number("seed", values.seed),
  plan: values.plan as PlanName,
  bulkObjectsPerSecond: number("bulk-speed", values["bulk-speed"]),
  tokenLifetimeSeconds: number("token-lifetime", values["token-lifetime"]),
  webhookRetryScale: number("webhook-retry-scale", values["webhook-retry-scale"]),
  publicUrl: values["public-url"],
  stateDir: values["state-dir"] ? path.resolve(values["state-dir"]) : undefined,
}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
const counts = sim.control.counts(DEMO_SHOP);
console.log(
  `Shopify simulator (Admin API 2026-10) listening on ${sim.url}  [${values.size} store built in ${Math.round(performance.now() - started)} ms]`,
);
console.log(
  `  shop:          ${sim.demoShop} (${counts.products} products, ${counts.variants} variants, ${counts.orders} orders, ${counts.customers} customers, ${counts.locations} locations)`,
);
console.log(`  access token:  ${sim.demoAccessToken}`);
console.log(
  values["state-dir"]
    ? `  state:         kept in ${path.resolve(values["state-dir"])} (tokens, subscriptions, changes survive a restart)`
    : "  state:         in memory (--state-dir keeps it across restarts)",
);
console.log(`  app:           SHOPIFY_API_KEY=${sim.apiKey}`);
console.log(`  control API:   ${sim.url}/__sim`);
console.log(
  `  try: curl -s -H 'Host: ${DEMO_SHOP}' -H 'X-Shopify-Access-Token: ${sim.demoAccessToken}' -H 'Content-Type: application/json' \\`,
);
console.log(
  `         -d '{"query":"{ shop { name } products(first: 5) { nodes { id title } } }"}' ${sim.url}/admin/api/2026-10/graphql.json`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void sim.stop().then(() => process.exit(0));
  });
}
