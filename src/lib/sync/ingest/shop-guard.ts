/**
 * Nothing is written for a shop that is uninstalled. Every write transaction of synced records
 * starts here: it takes a KEY SHARE lock on the Shop row (the lock the foreign keys take anyway,
 * so it never blocks the sync's own progress updates of that row) and refuses when uninstalledAt
 * is set. The uninstall locks the row FOR UPDATE first, so it waits for writes already in flight to
 * commit, and every write after it sees the shop uninstalled: no record lands once it committed.
 */
import { AppError } from "../../errors";
import type { SqlTx } from "../../db";

export class ShopNotInstalledError extends AppError {
  constructor(readonly shopId: string) {
    super("not_found", `shop ${shopId} is not installed: nothing is written for it`);
    this.name = "ShopNotInstalledError";
  }
}

export async function lockInstalledShop(tx: Pick<SqlTx, "$queryRawUnsafe">, shopId: string): Promise<void> {
  const rows = await tx.$queryRawUnsafe<{ uninstalledAt: Date | null }[]>(
    `SELECT "uninstalledAt" FROM "Shop" WHERE id = $1 FOR KEY SHARE`,
    shopId,
  );
  if (rows.length === 0 || rows[0]!.uninstalledAt) throw new ShopNotInstalledError(shopId);
}
