/**
 * The browser's side of the catalogue pages: bulk publish and its dry run
 * (POST /api/channels/:id/publish), a product's overrides on a channel
 * (PATCH /api/channels/:id/products/:productId), and a conflict's resolution (POST /api/conflicts/:id/resolve),
 * through callApi, with failures worded for a merchant.
 */
import { callApi, type Fetch } from "./api-fetch";

export interface DraftPreview {
  productId: string;
  draft: { title: string; description: string; skus: { sku: string; price: string; quantity: number }[] } | null;
}

export type PublishAnswer = { ok: true; listings: number } | { ok: true; preview: DraftPreview[] } | { ok: false; message: string };

export async function publishProducts(channelId: string, productIds: string[], dryRun: boolean, fetchImpl?: Fetch): Promise<PublishAnswer> {
  const answer = await callApi(`/api/channels/${encodeURIComponent(channelId)}/publish`, {
    method: "POST",
    body: { productIds, ...(dryRun ? { dryRun: true } : {}) },
    fetchImpl,
  });
  if (!answer.ok) return { ok: false, message: answer.message ?? `ShopSync answered ${answer.status}.` };
  if (dryRun) return { ok: true, preview: (answer.body.listings ?? []) as DraftPreview[] };
  return { ok: true, listings: typeof answer.body.listings === "number" ? answer.body.listings : productIds.length };
}

export type ConflictChoice = { use: "master" } | { use: "channel" } | { use: "value"; value: string };

export async function resolveConflict(
  id: string,
  choice: ConflictChoice,
  fetchImpl?: Fetch,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const answer = await callApi(`/api/conflicts/${encodeURIComponent(id)}/resolve`, { method: "POST", body: choice, fetchImpl });
  return answer.ok ? { ok: true } : { ok: false, message: answer.message ?? `ShopSync answered ${answer.status}.` };
}

/** The overrides a merchant changed; null clears one (the master value is published again). */
export interface OverridesChange {
  title?: string | null;
  description?: string | null;
  price?: string | null;
  skuPrices?: Record<string, string> | null;
  stockBuffer?: number;
  categoryId?: string | null;
  attributes?: Record<string, string>;
}

export async function saveOverrides(
  channelId: string,
  productId: string,
  change: OverridesChange,
  fetchImpl?: Fetch,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const answer = await callApi(`/api/channels/${encodeURIComponent(channelId)}/products/${encodeURIComponent(productId)}`, {
    method: "PATCH",
    body: change,
    fetchImpl,
  });
  if (answer.ok) return { ok: true };
  const fields = answer.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  return { ok: false, message: fields || answer.message || `ShopSync answered ${answer.status}.` };
}
