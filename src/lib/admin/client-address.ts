/**
 * The address sign-in attempts are counted under: the first X-Forwarded-For hop (set by the
 * platform's proxy, e.g. Vercel), else X-Real-IP, else one shared bucket. Behind no proxy a client
 * could vary the header; the shared bucket then still limits what carries none.
 */
export function clientAddress(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip")?.trim() || "unknown";
}
