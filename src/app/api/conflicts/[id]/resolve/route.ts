import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
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
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw new AppError("bad_request", "the request body is not JSON");
  }
  return Response.json(await resolveShopConflict(shop, id, body));
});
