/** The metrics endpoint's bearer token, compared in constant time (digests of equal length). */
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "../env";
import { AppError } from "../errors";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function authorizeScrape(request: Request): void {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!match || !timingSafeEqual(digest(match[1]!), digest(env().METRICS_TOKEN))) {
    throw new AppError("unauthorized", "a valid bearer token is required", { headers: { "WWW-Authenticate": 'Bearer realm="metrics"' } });
  }
}
