/**
 * Uninstall and shop/redact: the Shop row's end of life. Uninstalling keeps the shop's data (a
 * reinstall within 48 hours finds it) but discards its tokens and marks it uninstalled, which
 * stops every write (lockInstalledShop) and the scheduled refreshes; shop/redact, which Shopify
 * sends 48 hours after the uninstall, deletes the shop and everything stored for it.
 */
import { db } from "../db";
import { cancelActiveSyncRuns } from "../sync/sync-runs";

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
