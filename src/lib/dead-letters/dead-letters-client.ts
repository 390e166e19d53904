/**
 * The browser's side of the dead-letter actions: POST /api/dead-letters/:id/retry|resolve, with
 * error bodies ({ error: { message } }) turned into a sentence. Takes `fetch` so it is tested
 * without a browser.
 */
export type DeadLetterAction = "retry" | "resolve";

export type DeadLetterActionResult = { ok: true; outcome: string; error: string | null } | { ok: false; message: string };

export const deadLetterActionUrl = (id: string, action: DeadLetterAction) => `/api/dead-letters/${encodeURIComponent(id)}/${action}`;

export async function postDeadLetterAction(
  id: string,
  action: DeadLetterAction,
  fetchImpl: typeof fetch = fetch,
): Promise<DeadLetterActionResult> {
  let response: Response;
  try {
    response = await fetchImpl(deadLetterActionUrl(id, action), { method: "POST", headers: { accept: "application/json" } });
  } catch {
    return { ok: false, message: "Could not reach ShopSync. Check your connection and try again." };
  }
  let body: { outcome?: unknown; error?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // no JSON body: the status says enough
  }
  if (!response.ok) {
    const message = (body.error as { message?: unknown } | undefined)?.message;
    return { ok: false, message: typeof message === "string" && message ? message : `ShopSync answered ${response.status}.` };
  }
  return {
    ok: true,
    outcome: typeof body.outcome === "string" ? body.outcome : action,
    error: typeof body.error === "string" ? body.error : null,
  };
}
