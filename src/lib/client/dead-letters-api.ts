/**
 * The browser's side of the dead-letter actions: POST /api/dead-letters/:id/retry|resolve (through
 * callApi), with failures worded for a merchant.
 */
import { callApi, type Fetch } from "./api-fetch";

export type DeadLetterAction = "retry" | "resolve";

export type DeadLetterActionResult = { ok: true; outcome: string; error: string | null } | { ok: false; message: string };

export const deadLetterActionUrl = (id: string, action: DeadLetterAction) => `/api/dead-letters/${encodeURIComponent(id)}/${action}`;

export async function postDeadLetterAction(id: string, action: DeadLetterAction, fetchImpl?: Fetch): Promise<DeadLetterActionResult> {
  const answer = await callApi(deadLetterActionUrl(id, action), { method: "POST", fetchImpl });
  if (!answer.ok) return { ok: false, message: answer.message ?? `ShopSync answered ${answer.status}.` };
  return {
    ok: true,
    outcome: typeof answer.body.outcome === "string" ? answer.body.outcome : action,
    error: typeof answer.body.error === "string" ? answer.body.error : null,
  };
}
