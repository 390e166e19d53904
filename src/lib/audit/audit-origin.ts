import type { AuditOrigin } from "./audit-queries";

/** A signed-in merchant's request as the trail's "from where": the route, the browser, the address (as the proxy reports it). */
export function merchantOrigin(request: Request): AuditOrigin {
  const url = new URL(request.url);
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return {
    source: "merchant",
    route: `${request.method} ${url.pathname}`,
    ...(request.headers.get("user-agent") ? { userAgent: request.headers.get("user-agent")!.slice(0, 300) } : {}),
    ...(forwarded || request.headers.get("x-real-ip") ? { ip: (forwarded || request.headers.get("x-real-ip"))! } : {}),
  };
}
