/**
 * Nothing is written for a shop that is uninstalled. Every write transaction of synced records
 * starts here: it takes a SHARE lock on the Shop row and refuses when uninstalledAt is set. The
 * uninstall (an UPDATE of that row) waits for writes already in flight to commit, and every write
 * after it sees the shop uninstalled, so no record lands once the uninstall has committed.
 */
import { AppError } from "../../errors";
import type { Db } from "../../db";

export class ShopNotInstalledError extends AppError {
  constructor(readonly shopId: string) {
    super("not_found", `shop ${shopId} is not installed: nothing is written for it`);
    this.name = "ShopNotInstalledError";
  }
}

export async function lockInstalledShop(tx: Pick<Db, "$queryRawUnsafe">, shopId: string): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ uninstalledAt: Date | null }[]>(`SELECT "uninstalledAt" FROM "Shop" WHERE id = $1 FOR SHARE`, shopId);
  if (rows.length === 0 || rows[0]!.uninstalledAt) throw new ShopNotInstalledError(shopId);
}
