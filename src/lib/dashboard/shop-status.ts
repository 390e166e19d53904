/**
 * The one-word state of a shop, as the dashboard's badge shows it. A refused token outranks
 * everything (no sync can succeed until the merchant reinstalls), then a failed latest sync, so the
 * badge never says "Up to date" beside a failure.
 */
export type ShopStatusKind = "needs-reinstall" | "failed" | "syncing" | "waiting" | "up-to-date";

export interface ShopStatus {
  kind: ShopStatusKind;
  label: string;
}

export interface ShopStatusSource {
  syncStatus: "PENDING" | "RUNNING" | "COMPLETED" | "FAILED";
  syncProgress: number;
  needsReinstall: boolean;
}

export function shopStatus(source: ShopStatusSource): ShopStatus {
  if (source.needsReinstall) return { kind: "needs-reinstall", label: "Needs reinstall" };
  switch (source.syncStatus) {
    case "FAILED":
      return { kind: "failed", label: "Failed" };
    case "RUNNING":
      return { kind: "syncing", label: `Syncing (${source.syncProgress}%)` };
    case "PENDING":
      return { kind: "waiting", label: "Waiting to sync" };
    case "COMPLETED":
      return { kind: "up-to-date", label: "Up to date" };
  }
}

/** Where a merchant whose token was refused installs ShopSync again. */
export const reinstallPath = (shopDomain: string): string => `/?${new URLSearchParams({ shop: shopDomain })}`;
