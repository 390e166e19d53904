/**
 * The Shop row's one owner: every read and write of a shop's identity, install state and tokens
 * (the sync's progress columns are the sync run's bookkeeping, in sync/sync-runs.ts). Tokens are
 * read and written here encrypted only; shopify/shop-tokens.ts decrypts and refreshes them.
 *
 * Uninstall and shop/redact are the row's end of life. Uninstalling keeps the shop's data (a
 * reinstall within 48 hours finds it) but discards its tokens and marks it uninstalled, which
 * stops every write (lockInstalledShop) and the scheduled refreshes; shop/redact, which Shopify
 * sends 48 hours after the uninstall, deletes the shop and everything stored for it.
 */
import { db, type Tx } from "../db";
import { AppError } from "../errors";
import { cancelActiveSyncRuns } from "../sync/sync-runs";

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

/** Marks the shop as needing a reinstall; returns its id when this call marked it (it was not marked before). */
export async function markShopNeedsReinstall(domain: string, reason: string): Promise<{ newlyMarkedShopId: string | null }> {
  const [flipped] = await db().shop.updateManyAndReturn({
    where: { domain, needsReinstall: false },
    data: { needsReinstall: true, lastSyncError: reason },
    select: { id: true },
  });
  if (!flipped) await db().shop.updateMany({ where: { domain }, data: { needsReinstall: true, lastSyncError: reason } });
  return { newlyMarkedShopId: flipped?.id ?? null };
}

export interface InstalledShop {
  id: string;
  domain: string;
}

/** Shops the scheduled jobs work on: installed, not uninstalled, with a usable token. */
export async function listInstalledShops(): Promise<InstalledShop[]> {
  return db().shop.findMany({
    where: { uninstalledAt: null, needsReinstall: false, accessToken: { not: null } },
    select: { id: true, domain: true },
    orderBy: { domain: "asc" },
  });
}

/** The shop a webhook delivery names, installed or not (null when never installed). */
export interface WebhookShop {
  id: string;
  domain: string;
  installedAt: Date | null;
  uninstalledAt: Date | null;
}

export async function findWebhookShop(domain: string): Promise<WebhookShop | null> {
  return db().shop.findUnique({ where: { domain }, select: { id: true, domain: true, installedAt: true, uninstalledAt: true } });
}

export async function findShopId(domain: string, tx?: Tx): Promise<string | null> {
  const where = { domain };
  const shop = tx ? await tx.shop.findUnique({ where, select: { id: true } }) : await db().shop.findUnique({ where, select: { id: true } });
  return shop?.id ?? null;
}

/** A shop's token columns, encrypted as stored. */
export interface EncryptedShopTokens {
  accessToken: string | null;
  accessTokenExpiresAt: Date | null;
  refreshToken: string | null;
  refreshTokenExpiresAt: Date | null;
}

/** The shop's stored tokens (encrypted), or null when it is not installed. */
export async function readEncryptedShopTokens(domain: string): Promise<EncryptedShopTokens | null> {
  const shop = await db().shop.findUnique({
    where: { domain },
    select: { accessToken: true, accessTokenExpiresAt: true, refreshToken: true, refreshTokenExpiresAt: true, uninstalledAt: true },
  });
  if (!shop || shop.uninstalledAt) return null;
  const { uninstalledAt: _uninstalledAt, ...tokens } = shop;
  return tokens;
}

/** Takes the shop's token-refresh lease for `leaseMs` if no one holds it (or the holder's lease ran out). */
export async function acquireTokenRefreshLease(domain: string, leaseMs: number): Promise<boolean> {
  const now = new Date();
  const { count } = await db().shop.updateMany({
    where: { domain, OR: [{ tokenRefreshLeaseUntil: null }, { tokenRefreshLeaseUntil: { lt: now } }] },
    data: { tokenRefreshLeaseUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1;
}

export async function releaseTokenRefreshLease(domain: string): Promise<void> {
  await db().shop.updateMany({ where: { domain }, data: { tokenRefreshLeaseUntil: null } });
}

/** Stores the shop's tokens (and, with a refresh, releases its lease in the same statement). */
export async function saveEncryptedShopTokens(
  domain: string,
  tokens: EncryptedShopTokens & { tokenRefreshLeaseUntil?: null },
  tx?: Tx,
): Promise<void> {
  if (tx) await tx.shop.update({ where: { domain }, data: tokens, select: { id: true } });
  else await db().shop.update({ where: { domain }, data: tokens, select: { id: true } });
}

/** After OAuth: the shop is (re)installed with its new tokens and granted scopes. */
export async function saveInstalledShop(domain: string, tokens: EncryptedShopTokens, scopes: string): Promise<{ id: string }> {
  const installedAt = new Date();
  return db().shop.upsert({
    where: { domain },
    create: { domain, ...tokens, scopes, installedAt },
    update: { ...tokens, scopes, installedAt, uninstalledAt: null, needsReinstall: false },
    select: { id: true },
  });
}

export type UninstallOutcome = { uninstalled: true; cancelledRuns: number } | { uninstalled: false; reason: string };

/**
 * Marks the shop uninstalled and discards its tokens. The row is locked FOR UPDATE first, so
 * record writes already in flight (which hold KEY SHARE on it) commit before, and none after.
 * A delivery older than the shop's latest install (a late retry after a reinstall) changes nothing.
 */
export async function uninstallShop(shopId: string, triggeredAt?: Date): Promise<UninstallOutcome> {
  const outcome = await db().$transaction(async (tx): Promise<UninstallOutcome> => {
    const [row] = await tx.$queryRawUnsafe<{ installedAt: Date | null; uninstalledAt: Date | null }[]>(
      `SELECT "installedAt", "uninstalledAt" FROM "Shop" WHERE id = $1 FOR UPDATE`,
      shopId,
    );
    if (!row) return { uninstalled: false, reason: "the shop is not stored" };
    if (triggeredAt && row.installedAt && row.installedAt > triggeredAt)
      return { uninstalled: false, reason: "the shop was installed again after this uninstall" };
    await tx.shop.update({
      where: { id: shopId },
      data: {
        uninstalledAt: row.uninstalledAt ?? new Date(),
        accessToken: null,
        accessTokenExpiresAt: null,
        refreshToken: null,
        refreshTokenExpiresAt: null,
      },
    });
    return { uninstalled: true, cancelledRuns: 0 };
  });
  if (!outcome.uninstalled) return outcome;
  return { uninstalled: true, cancelledRuns: await cancelActiveSyncRuns(shopId, "the app was uninstalled") };
}

/** Deletes an uninstalled shop and, by cascade, every row stored for it. Returns whether it did. */
export async function deleteUninstalledShop(shopId: string): Promise<boolean> {
  const { count } = await db().shop.deleteMany({ where: { id: shopId, uninstalledAt: { not: null } } });
  return count === 1;
}

/** Thrown (409) when an operator paused the shop's syncs (/admin): manual syncs and resyncs refuse to start. */
export async function assertSyncsNotPaused(shopId: string): Promise<void> {
  const shop = await db().shop.findUnique({ where: { id: shopId }, select: { syncsPausedAt: true } });
  if (shop?.syncsPausedAt)
    throw new AppError("conflict", "Syncs of this shop are paused by ShopSync's operators; they start again once resumed.");
}

/** Ids of installed shops whose syncs an operator paused (the scheduled refresh skips them). */
export async function listPausedShopIds(): Promise<Set<string>> {
  const rows = await db().shop.findMany({ where: { syncsPausedAt: { not: null }, uninstalledAt: null }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** Pauses or resumes a shop's syncs (/admin); false when there is no such shop. */
export async function setShopSyncsPaused(shopId: string, paused: boolean): Promise<boolean> {
  const { count } = await db().shop.updateMany({ where: { id: shopId }, data: { syncsPausedAt: paused ? new Date() : null } });
  return count === 1;
}

/** An installed shop by its id (the operator console names shops by id), or not_found. */
export async function findInstalledShopById(shopId: string): Promise<{ id: string; domain: string }> {
  const shop = await db().shop.findUnique({ where: { id: shopId }, select: { id: true, domain: true, uninstalledAt: true } });
  if (!shop || shop.uninstalledAt) throw new AppError("not_found", "no installed shop has this id");
  return { id: shop.id, domain: shop.domain };
}

export async function findShopDomainById(shopId: string): Promise<string | null> {
  return (await db().shop.findUnique({ where: { id: shopId }, select: { domain: true } }))?.domain ?? null;
}
