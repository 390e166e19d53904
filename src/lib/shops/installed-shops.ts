/** Shops the scheduled jobs work on: installed, not uninstalled, with a usable token. */
import { db } from "../db";

export interface InstalledShop {
  id: string;
  domain: string;
}

export async function listInstalledShops(): Promise<InstalledShop[]> {
  return db().shop.findMany({
    where: { uninstalledAt: null, needsReinstall: false, accessToken: { not: null } },
    select: { id: true, domain: true },
    orderBy: { domain: "asc" },
  });
}
