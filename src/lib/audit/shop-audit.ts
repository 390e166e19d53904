import { z } from "zod";
import { findInstalledShop } from "../shops/shop-queries";
import { listAudit, type AuditView } from "./audit-queries";

export const auditQuerySchema = z.object({
  productId: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The signed-in shop's audit trail, or one product's. */
export async function shopAudit(shopDomain: string, query: z.infer<typeof auditQuerySchema>): Promise<AuditView[]> {
  const shop = await findInstalledShop(shopDomain);
  return listAudit(shop.id, query);
}
