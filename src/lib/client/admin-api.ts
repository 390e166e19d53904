/** The browser's side of the operator console: sign in and out, and the actions on a shop (through callApi). */
import { callApi, type Fetch } from "./api-fetch";

export type ConsoleActionName = "resync" | "pause" | "resume";

export type AdminApiResult = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

const result = (answer: Awaited<ReturnType<typeof callApi>>): AdminApiResult =>
  answer.ok ? { ok: true, body: answer.body } : { ok: false, message: answer.message ?? `ShopSync answered ${answer.status}.` };

export async function signInOperator(email: string, password: string, fetchImpl?: Fetch): Promise<AdminApiResult> {
  return result(await callApi("/api/admin/session", { method: "POST", body: { email, password }, fetchImpl }));
}

export async function signOutOperator(fetchImpl?: Fetch): Promise<AdminApiResult> {
  return result(await callApi("/api/admin/session", { method: "DELETE", fetchImpl }));
}

export async function postConsoleAction(shopId: string, action: ConsoleActionName, fetchImpl?: Fetch): Promise<AdminApiResult> {
  return result(await callApi(`/api/admin/shops/${encodeURIComponent(shopId)}/${action}`, { method: "POST", fetchImpl }));
}
