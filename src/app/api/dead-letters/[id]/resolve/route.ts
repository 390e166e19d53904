import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { merchantOrigin } from "@/lib/audit/audit-origin";
import { auditedResolveDeadLetter } from "@/lib/audit/audited-actions";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Marks the dead letter resolved by the merchant: 200 { id, outcome: "resolved" }. */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  await auditedResolveDeadLetter(shop, id, merchantOrigin(request));
  return Response.json({ id, outcome: "resolved" });
});
