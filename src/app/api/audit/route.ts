import { auditQuerySchema, shopAudit } from "@/lib/audit/shop-audit";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";

export const dynamic = "force-dynamic";

/** The shop's audit trail, newest first (`?productId=` for one product's, `limit` ≤ 500): { events: [{ action, subject, before, after, source, origin, at, ... }] }. */
export const GET = handleRoute(async (request) => {
  const { shop } = requireSession(request);
  const query = auditQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ events: await shopAudit(shop, query) });
});
