import { merchantOrigin } from "@/lib/audit/audit-origin";
import { handleRoute } from "@/lib/http/handle-route";
import { readJsonBody } from "@/lib/http/read-json-body";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { resolveShopConflict } from "@/lib/marketplaces/conflicts/resolve-conflict";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** `{ "use": "master" | "channel" | "value", "value"?: ... }` → 200 { conflict, outboxId } (409 when already resolved). */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  const body = await readJsonBody(request);
  return Response.json(await resolveShopConflict(shop, id, body, merchantOrigin(request)));
});
