import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { readShopNotificationSettings, updateShopNotificationSettings } from "@/lib/notifications/shop-notification-settings";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request) => {
  const { shop } = requireSession(request);
  return Response.json(await readShopNotificationSettings(shop), { headers: { "Cache-Control": "no-store" } });
});

export const PUT = handleRoute(async (request) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("bad_request", "the request body is not JSON");
  }
  return Response.json(await updateShopNotificationSettings(shop, body));
});
