import { checkReadiness } from "@/lib/health/readiness";
import { handleRoute } from "@/lib/http/handle-route";

export const dynamic = "force-dynamic";

/** 200 when every check passes, 503 naming the failing ones (states only, never reasons). */
export const GET = handleRoute(async () => {
  const readiness = await checkReadiness();
  return Response.json(readiness, { status: readiness.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
