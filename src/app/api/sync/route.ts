import { merchantOrigin } from "@/lib/audit/audit-origin";
import { auditedManualSync } from "@/lib/audit/audited-actions";
import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { manualSyncRequestSchema } from "@/lib/sync/manual-sync";

export const dynamic = "force-dynamic";

export const POST = handleRoute(async (request) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const text = await request.text();
  let body: unknown = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new AppError("bad_request", "the request body is not JSON");
    }
  }
  const { runId, created } = await auditedManualSync(shop, manualSyncRequestSchema.parse(body), merchantOrigin(request));
  return Response.json({ runId, started: created }, { status: 202 });
});
