/**
 * `npm run sync` arguments (node:util parseArgs), checked before anything is sent: a bad shop
 * domain, an unknown data type or an unknown flag is a UsageError with a sentence saying what to type.
 */
import { parseArgs } from "node:util";
import { SYNC_STAGES } from "../../src/lib/sync/resources";
import { normalizeShopDomain, SHOP_DOMAIN_HINT } from "../../src/lib/shopify/shop-domain";

export type DataType = (typeof SYNC_STAGES)[number];

export const USAGE = `usage: npm run sync -- --shop SHOP [--data-type ${SYNC_STAGES.join(",")}] [--dry-run] [--force] [--full]

  --shop SHOP        the store, e.g. demo.myshopify.com (or just demo)
  --data-type LIST   comma-separated stages: resources, platform_push (default: all)
  --dry-run          report what would be fetched and its estimated API cost (platform_push:
                     per channel the SKUs that would change, from and to); write and send nothing
  --force            start even if a sync of the shop is running (it replaces that one)
  --full             re-read everything instead of what changed since the last sync

Uses DATABASE_URL (default: the embedded dev database, npm run db:url) and Inngest as the app
does (INNGEST_DEV / INNGEST_BASE_URL; default: the local runner that npm run dev starts).`;

export interface SyncCliOptions {
  shop: string;
  resources?: DataType[];
  dryRun: boolean;
  force: boolean;
  full: boolean;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Parsed options, or "help"; throws UsageError on bad input. */
export function parseSyncArgs(argv: string[]): SyncCliOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        shop: { type: "string" },
        "data-type": { type: "string" },
        "dry-run": { type: "boolean", default: false },
        force: { type: "boolean", default: false },
        full: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return "help";
  if (!values.shop) throw new UsageError("--shop is required");
  const shop = normalizeShopDomain(values.shop);
  if (!shop) throw new UsageError(`"${values.shop}" is not a shop domain. ${SHOP_DOMAIN_HINT}.`);
  let resources: DataType[] | undefined;
  if (values["data-type"] !== undefined) {
    const names = values["data-type"]
      .split(",")
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean);
    const unknown = names.filter((name) => !(SYNC_STAGES as readonly string[]).includes(name));
    if (unknown.length)
      throw new UsageError(
        `unknown data type${unknown.length > 1 ? "s" : ""} ${unknown.map((name) => `"${name}"`).join(", ")}: use one or more of ${SYNC_STAGES.join(", ")}`,
      );
    if (names.length === 0) throw new UsageError(`--data-type needs one or more of ${SYNC_STAGES.join(", ")}`);
    resources = [...new Set(names as DataType[])];
  }
  return { shop, resources, dryRun: values["dry-run"], force: values.force, full: values.full };
}
