import { env } from "@/lib/env";
import { handleRoute } from "@/lib/http/handle-route";
import { sessionCookie } from "@/lib/session";
import { completeInstall } from "@/lib/shopify/oauth";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request) => {
  const { shopDomain, headers } = await completeInstall(request);
  const appUrl = new URL(env().APP_URL);
  headers.append("Set-Cookie", sessionCookie(shopDomain, appUrl.protocol === "https:"));
  headers.set("Location", new URL("/syncing", appUrl).toString());
  return new Response(null, { status: 302, headers });
});
