import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { merchantOrigin } from "@/lib/audit/audit-origin";
import { auditedRetryDeadLetter } from "@/lib/audit/audited-actions";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Replays the dead letter now: 200 { id, outcome: retried | failed | abandoned, error }. */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  const result = await auditedRetryDeadLetter(shop, id, merchantOrigin(request));
  return Response.json({ id: result.id, outcome: result.outcome, error: result.error ?? null });
});
