/**
 * The ShipStation simulator's account: products (SKUs), inventory warehouses and locations, and
 * stock per (SKU, location) with on_hand and allocated (available = on_hand - allocated), changed by
 * POST /v2/inventory transactions. Pure state and rules; server.ts speaks HTTP.
 */
import { DEMO_BUNDLE_SKUS, demoShopSkus } from "../channel-sim-kit/demo-catalog.ts";
import type { StoreSize } from "../shopify-sim/generator.ts";

export const DEMO_SHIPSTATION_ACCOUNT = { apiKey: "shipstation-demo-key" } as const;

export const WAREHOUSES = [{ inventory_warehouse_id: "se-1001", name: "Main Warehouse" }];
export const LOCATIONS = [
  { inventory_location_id: "se-2001", inventory_warehouse_id: "se-1001", name: "Aisle A" },
  { inventory_location_id: "se-2002", inventory_warehouse_id: "se-1001", name: "Aisle B" },
];

export interface StockRow {
  sku: string;
  inventory_location_id: string;
  on_hand: number;
  allocated: number;
}

export interface Transaction {
  transaction_type: "increment" | "decrement" | "adjust" | "modify";
  inventory_location_id?: string;
  sku: string;
  quantity?: number;
  new_inventory_location_id?: string;
}

export type TransactionOutcome = { ok: true } | { ok: false; code: string; message: string };

export class ShipStationAccount {
  readonly products = new Set<string>();
  /** key: `${sku}\u0000${locationId}` */
  readonly stock = new Map<string, StockRow>();
  readonly stats = { transactions: 0, rejected: 0 };

  constructor(options: { size: StoreSize; seed: number; share: number }) {
    for (const entry of demoShopSkus({ size: options.size, seed: options.seed, share: options.share, channel: "shipstation" })) {
      this.products.add(entry.sku);
      this.row(entry.sku, LOCATIONS[0]!.inventory_location_id).on_hand = entry.initialQuantity;
    }
    for (const sku of ["SS-ONLY-0001", "SS-ONLY-0002"]) {
      this.products.add(sku);
      this.row(sku, LOCATIONS[0]!.inventory_location_id).on_hand = 3;
    }
    for (const sku of DEMO_BUNDLE_SKUS) {
      this.products.add(sku);
      this.row(sku, LOCATIONS[0]!.inventory_location_id);
    }
  }

  row(sku: string, locationId: string): StockRow {
    const key = `${sku}\u0000${locationId}`;
    let row = this.stock.get(key);
    if (!row) {
      row = { sku, inventory_location_id: locationId, on_hand: 0, allocated: 0 };
      this.stock.set(key, row);
    }
    return row;
  }

  apply(transaction: Transaction, invalidSkus: readonly string[]): TransactionOutcome {
    const reject = (code: string, message: string): TransactionOutcome => {
      this.stats.rejected += 1;
      return { ok: false, code, message };
    };
    if (!this.products.has(transaction.sku) || invalidSkus.includes(transaction.sku))
      return reject("invalid_identifier", `No product with SKU '${transaction.sku}' exists in this account.`);
    const locationId = transaction.inventory_location_id;
    if (!locationId) return reject("field_value_required", "inventory_location_id is required.");
    if (!LOCATIONS.some((location) => location.inventory_location_id === locationId))
      return reject("invalid_identifier", `inventory_location_id '${locationId}' was not found.`);
    const quantity = transaction.quantity;
    const row = this.row(transaction.sku, locationId);
    switch (transaction.transaction_type) {
      case "adjust":
        if (quantity === undefined || quantity < 0) return reject("invalid_field_value", "quantity must be 0 or more for adjust.");
        row.on_hand = quantity;
        break;
      case "increment":
        if (quantity === undefined || quantity < 1) return reject("invalid_field_value", "quantity must be 1 or more for increment.");
        row.on_hand += quantity;
        break;
      case "decrement":
        if (quantity === undefined || quantity < 1) return reject("invalid_field_value", "quantity must be 1 or more for decrement.");
        if (row.on_hand - row.allocated < quantity)
          return reject("invalid_field_value", "Insufficient available stock to decrement; nothing was removed.");
        row.on_hand -= quantity;
        break;
      case "modify": {
        const target = transaction.new_inventory_location_id;
        if (!target || !LOCATIONS.some((location) => location.inventory_location_id === target))
          return reject("invalid_field_value", "modify needs a valid new_inventory_location_id.");
        const moved = quantity ?? row.on_hand;
        if (moved > row.on_hand) return reject("invalid_field_value", "Cannot move more than on hand.");
        row.on_hand -= moved;
        this.row(transaction.sku, target).on_hand += moved;
        break;
      }
    }
    this.stats.transactions += 1;
    return { ok: true };
  }

  /** Ground truth: available (on_hand - allocated) summed over locations, per SKU. */
  inventory(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const row of this.stock.values()) result[row.sku] = (result[row.sku] ?? 0) + row.on_hand - row.allocated;
    return result;
  }
}
