import type { ShopStatus, ShopStatusKind } from "@/lib/dashboard/shop-status";

const TONES: Record<ShopStatusKind, string> = {
  "needs-reinstall": "bg-red-100 text-red-800",
  failed: "bg-red-100 text-red-800",
  syncing: "bg-teal-100 text-teal-800",
  waiting: "bg-slate-100 text-slate-700",
  "up-to-date": "bg-emerald-100 text-emerald-800",
};

/** The shop's state in one word (see src/lib/dashboard/shop-status.ts for which state wins). */
export function ShopStatusBadge({ status }: { status: ShopStatus }) {
  return (
    <span
      className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ${TONES[status.kind]}`}
      data-testid="sync-status"
      data-state={status.kind}
    >
      {status.label}
    </span>
  );
}
