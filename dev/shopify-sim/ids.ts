/** Shopify global ids: `gid://shopify/<Type>/<number>` (InventoryLevel adds `?inventory_item_id=`). */
export function toGid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
  params: URLSearchParams;
}

export function parseGid(gid: string): ParsedGid | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(gid);
  if (!match || match[1] === undefined || match[2] === undefined) return null;
  return { type: match[1], id: Number(match[2]), params: new URLSearchParams(match[3] ?? "") };
}

export function inventoryLevelGid(locationId: number, inventoryItemId: number): string {
  return `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${inventoryItemId}`;
}
