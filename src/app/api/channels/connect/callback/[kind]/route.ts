import { env } from "@/lib/env";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";
import {
  clearConnectCookie,
  completeMarketplaceConnect,
  parseMarketplaceKind,
  readConnectCookie,
} from "@/lib/channels/marketplace/connect";

export const dynamic = "force-dynamic";

/** The platform's redirect after the seller authorized the app: state checked, code traded, channel stored; back to the dashboard. */
export const GET = handleRoute(async (request, context: { params: Promise<{ kind: string }> }) => {
  const { shop } = requireSession(request);
  const kind = parseMarketplaceKind((await context.params).kind);
  const { id } = await completeMarketplaceConnect(shop, kind, new URL(request.url).searchParams, readConnectCookie(request));
  const back = new URL("/dashboard", env().APP_URL);
  back.searchParams.set("channel", id);
  return new Response(null, { status: 303, headers: { Location: back.toString(), "Set-Cookie": clearConnectCookie() } });
});
