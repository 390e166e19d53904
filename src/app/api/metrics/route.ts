import { handleRoute } from "@/lib/http/handle-route";
import { authorizeScrape } from "@/lib/metrics/authorize-scrape";
import { renderMetrics } from "@/lib/metrics/render-metrics";

export const dynamic = "force-dynamic";

/** Prometheus scrape target, behind `Authorization: Bearer <METRICS_TOKEN>`. */
export const GET = handleRoute(async (request) => {
  authorizeScrape(request);
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
