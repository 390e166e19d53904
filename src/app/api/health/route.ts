/** Liveness: the process answers HTTP. Touches no dependency, so a database outage never restarts it. */
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
