/** Reads and writes of the Shop row outside the sync's own progress bookkeeping. */
import { db } from "../db";
import { AppError } from "../errors";

export interface ShopRef {
  id: string;
  domain: string;
  scopes: string[];
}

export async function findInstalledShop(domain: string): Promise<ShopRef> {
  const shop = await db().shop.findUnique({ where: { domain }, select: { id: true, domain: true, scopes: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) throw new AppError("not_found", `${domain} is not installed`);
  return { id: shop.id, domain: shop.domain, scopes: shop.scopes.split(",").filter(Boolean) };
}

export async function markShopNeedsReinstall(domain: string, reason: string): Promise<void> {
  await db().shop.updateMany({ where: { domain }, data: { needsReinstall: true, lastSyncError: reason } });
}
