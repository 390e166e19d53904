/**
 * The Inngest server the SDK sends events to, resolved from the same variables the SDK reads:
 * INNGEST_BASE_URL, else an INNGEST_DEV URL, else the dev server's default origin when INNGEST_DEV
 * is on, else Inngest Cloud's event API.
 */
import type { Env } from "../env";

const DEV_SERVER_ORIGIN = "http://localhost:8288";
const CLOUD_EVENT_API_ORIGIN = "https://inn.gs";

export function inngestOrigin(env: Pick<Env, "INNGEST_BASE_URL" | "INNGEST_DEV">): string {
  if (env.INNGEST_BASE_URL) return new URL(env.INNGEST_BASE_URL).origin;
  const dev = env.INNGEST_DEV;
  if (dev && /^https?:\/\//.test(dev)) return new URL(dev).origin;
  if (dev && !["0", "false"].includes(dev.toLowerCase())) return DEV_SERVER_ORIGIN;
  return CLOUD_EVENT_API_ORIGIN;
}
