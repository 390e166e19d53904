/**
 * The Amazon simulator's seller account: listings with their fulfillment availability, LWA tokens,
 * and the asynchronous application of accepted updates. Pure state and rules; server.ts speaks HTTP.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { DEMO_BUNDLE_SKUS, demoShopSkus } from "../channel-sim-kit/demo-catalog.ts";
import type { StoreSize } from "../shopify-sim/generator.ts";

export const DEMO_AMAZON_ACCOUNT = {
  sellerId: "A1DEMOSELLER",
  marketplaceId: "ATVPDKIKX0DER",
  clientId: "amzn1.application-oa2-client.demo",
  clientSecret: "amazon-demo-secret",
  refreshToken: "Atzr|demo-refresh-token",
} as const;

/** Amazon's merchant-fulfilled channel code; FBA listings carry AMAZON_NA (AMAZON_EU, ...). */
export const MERCHANT_FULFILLED = "DEFAULT";
export const FBA_CHANNEL = "AMAZON_NA";

export interface FulfillmentRecord {
  fulfillment_channel_code: string;
  quantity?: number;
  [field: string]: unknown;
}

export interface Listing {
  sku: string;
  asin: string;
  productType: string;
  itemName: string;
  createdDate: string;
  lastUpdatedDate: string;
  /** Write-side attributes (snake_case), fulfillment_availability among them. */
  attributes: Record<string, unknown[]>;
}

export interface Issue {
  code: string;
  message: string;
  severity: "ERROR" | "WARNING" | "INFO";
  attributeNames?: string[];
}

export interface PatchOperation {
  op: "add" | "replace" | "merge" | "delete";
  path: string;
  value?: unknown[];
}

export interface AmazonAccountOptions {
  size: StoreSize;
  seed: number;
  /** Share of the demo shop's SKUs listed on Amazon. */
  share: number;
  tokenLifetimeSeconds: number;
  /** Delay between ACCEPTED and the change being visible (Amazon: seconds to minutes). */
  applyDelayMs: number;
}

const asinFor = (hash: number) => `B0${hash.toString(36).toUpperCase().padStart(8, "0").slice(-8)}`;

export class AmazonAccount {
  readonly listings = new Map<string, Listing>();
  readonly accessTokens = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly stats = { tokensIssued: 0, patchesAccepted: 0, patchesInvalid: 0, applied: 0 };

  constructor(private readonly options: AmazonAccountOptions) {
    const created = new Date(Date.UTC(2024, 0, 1)).toISOString();
    for (const entry of demoShopSkus({ size: options.size, seed: options.seed, share: options.share, channel: "amazon" })) {
      const fba = entry.hash % 20 === 0;
      this.addListing(entry.sku, entry.title, asinFor(entry.hash), created, {
        fulfillment_channel_code: fba ? FBA_CHANNEL : MERCHANT_FULFILLED,
        quantity: fba ? 40 + (entry.hash % 60) : entry.initialQuantity,
      });
    }
    for (const [index, sku] of ["AMZ-LEGACY-0001", "AMZ-LEGACY-0002", "AMZ-LEGACY-0003"].entries())
      this.addListing(sku, `Discontinued item ${index + 1}`, asinFor(9_000 + index), created, {
        fulfillment_channel_code: MERCHANT_FULFILLED,
        quantity: 5,
      });
    for (const [index, sku] of DEMO_BUNDLE_SKUS.entries())
      this.addListing(sku, `Bundle ${index + 1}`, asinFor(8_000 + index), created, {
        fulfillment_channel_code: MERCHANT_FULFILLED,
        quantity: 0,
      });
  }

  private addListing(sku: string, itemName: string, asin: string, created: string, fulfillment: FulfillmentRecord): void {
    this.listings.set(sku, {
      sku,
      asin,
      productType: "PRODUCT",
      itemName,
      createdDate: created,
      lastUpdatedDate: created,
      attributes: { fulfillment_availability: [fulfillment] },
    });
  }

  // --- Login with Amazon ---------------------------------------------------------------------

  issueAccessToken(): { access_token: string; token_type: "bearer"; expires_in: number; refresh_token: string } {
    const token = `Atza|${randomBytes(24).toString("base64url")}`;
    this.accessTokens.set(token, Date.now() + this.options.tokenLifetimeSeconds * 1000);
    this.stats.tokensIssued += 1;
    return {
      access_token: token,
      token_type: "bearer",
      expires_in: this.options.tokenLifetimeSeconds,
      refresh_token: DEMO_AMAZON_ACCOUNT.refreshToken,
    };
  }

  /** "valid", "expired" or "unknown". */
  checkAccessToken(token: string | undefined): "valid" | "expired" | "unknown" {
    const expiresAt = token ? this.accessTokens.get(token) : undefined;
    if (expiresAt === undefined) return "unknown";
    return expiresAt > Date.now() ? "valid" : "expired";
  }

  expireAccessTokens(): number {
    for (const token of this.accessTokens.keys()) this.accessTokens.set(token, 0);
    return this.accessTokens.size;
  }

  // --- listings --------------------------------------------------------------------------------

  fulfillment(listing: Listing): FulfillmentRecord[] {
    return (listing.attributes.fulfillment_availability ?? []) as FulfillmentRecord[];
  }

  /** Validates a patch set against a listing; issues with severity ERROR make the submission INVALID. */
  validatePatches(sku: string, patches: PatchOperation[], invalidSkus: readonly string[]): Issue[] {
    const listing = this.listings.get(sku);
    if (!listing)
      return [{ code: "4000001", message: `The SKU '${sku}' does not exist for this seller in this marketplace.`, severity: "ERROR" }];
    if (invalidSkus.includes(sku))
      return [
        {
          code: "90220",
          message: "'[supplier_declared_dg_hz_regulation]' is required but not supplied.",
          severity: "ERROR",
          attributeNames: ["supplier_declared_dg_hz_regulation"],
        },
      ];
    const issues: Issue[] = [];
    for (const patch of patches) {
      if (patch.path !== "/attributes/fulfillment_availability") continue;
      for (const entry of patch.value ?? []) {
        const record = entry as Partial<FulfillmentRecord>;
        if (typeof record.fulfillment_channel_code !== "string" || !record.fulfillment_channel_code)
          issues.push({
            code: "99022",
            message: "The field 'fulfillment_channel_code' for the attribute 'fulfillment_availability' is required.",
            severity: "ERROR",
            attributeNames: ["fulfillment_availability"],
          });
        else if (record.fulfillment_channel_code !== MERCHANT_FULFILLED && record.quantity !== undefined)
          issues.push({
            code: "4000003",
            message: `The quantity of '${record.fulfillment_channel_code}' offers is managed by Amazon fulfillment and cannot be set.`,
            severity: "ERROR",
            attributeNames: ["fulfillment_availability"],
          });
        else if (record.quantity !== undefined && (!Number.isInteger(record.quantity) || record.quantity < 0))
          issues.push({
            code: "99010",
            message: "The value for 'quantity' in 'fulfillment_availability' must be a whole number of 0 or more.",
            severity: "ERROR",
            attributeNames: ["fulfillment_availability"],
          });
      }
    }
    return issues;
  }

  /** Accepted patches are applied after applyDelayMs, in submission order (Amazon processes asynchronously). */
  schedulePatches(sku: string, patches: PatchOperation[]): string {
    const submissionId = randomUUID();
    this.stats.patchesAccepted += 1;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.applyPatches(sku, patches);
    }, this.options.applyDelayMs);
    this.timers.add(timer);
    return submissionId;
  }

  applyPatches(sku: string, patches: PatchOperation[]): void {
    const listing = this.listings.get(sku);
    if (!listing) return;
    for (const patch of patches) {
      const name = patch.path.replace(/^\/attributes\//, "");
      const current = (listing.attributes[name] ?? []) as Record<string, unknown>[];
      const values = (patch.value ?? []) as Record<string, unknown>[];
      if (patch.op === "replace" || patch.op === "add") listing.attributes[name] = values;
      else if (patch.op === "delete")
        listing.attributes[name] = current.filter((entry) => !values.some((v) => sameSelector(name, entry, v)));
      else {
        // JSON merge on the selector (fulfillment_channel_code): only the given fields change.
        const merged = current.map((entry) => ({ ...entry }));
        for (const value of values) {
          const target = merged.find((entry) => sameSelector(name, entry, value));
          if (target) Object.assign(target, value);
          else merged.push({ ...value });
        }
        listing.attributes[name] = merged;
      }
    }
    listing.lastUpdatedDate = new Date().toISOString();
    this.stats.applied += 1;
  }

  /** Ground truth: the DEFAULT (merchant-fulfilled) quantity of every listing that has one. */
  inventory(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const listing of this.listings.values()) {
      const record = this.fulfillment(listing).find((entry) => entry.fulfillment_channel_code === MERCHANT_FULFILLED);
      if (record && typeof record.quantity === "number") result[listing.sku] = record.quantity;
    }
    return result;
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

function sameSelector(attribute: string, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (attribute === "fulfillment_availability") return a.fulfillment_channel_code === b.fulfillment_channel_code;
  return a.marketplace_id === b.marketplace_id;
}
