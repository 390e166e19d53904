import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { requestTestNotification } from "@/lib/notifications/shop-notification-settings";

export const dynamic = "force-dynamic";

/** "Send a test": queued like any notification (202), delivered by notify-shop. */
export const POST = handleRoute(async (request) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  await requestTestNotification(shop);
  return Response.json({ queued: true }, { status: 202 });
});
