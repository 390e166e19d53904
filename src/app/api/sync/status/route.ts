import { handleRoute } from "@/lib/http/handle-route";
import { requireSession } from "@/lib/http/require-session";
import { getSyncStatus } from "@/lib/sync/sync-status";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request) => {
  const { shop } = requireSession(request);
  return Response.json(await getSyncStatus(shop), { headers: { "Cache-Control": "no-store" } });
});
