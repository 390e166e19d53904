/**
 * CSRF defence for routes that change state, on top of the session cookie's SameSite=Lax (which a
 * same-site attacker, e.g. another subdomain, gets past). Browsers send Origin on every POST and
 * Sec-Fetch-Site on every request: a POST whose Origin is not APP_URL's, or that the browser says
 * came from another origin, is refused with 403. A request with neither header is not from a
 * browser page (curl, the CLI) and cannot carry a victim's cookie by itself, so it passes.
 */
import { env } from "../env";
import { AppError } from "../errors";

export function requireSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  const fetchSite = request.headers.get("sec-fetch-site");
  const appOrigin = new URL(env().APP_URL).origin;
  const crossOrigin =
    (origin !== null && origin !== appOrigin) || (fetchSite !== null && fetchSite !== "same-origin" && fetchSite !== "none");
  if (crossOrigin) throw new AppError("forbidden", `cross-origin request refused: this action is only accepted from ${appOrigin}`);
}
