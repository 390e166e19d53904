/**
 * The browser's side of the notification settings: PUT /api/notifications/settings and POST
 * /api/notifications/test (through callApi), with failures worded for a merchant (field problems
 * first, as the settings form shows them).
 */
import { callApi, type ApiAnswer, type Fetch } from "./api-fetch";

export interface NotificationSettingsBody {
  emailRecipients: string[];
  slackWebhookUrl: string | null;
  kinds: string[];
}

export type NotificationActionResult = { ok: true } | { ok: false; message: string };

function resultOf(answer: ApiAnswer): NotificationActionResult {
  if (answer.ok) return { ok: true };
  const issues = answer.issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
  return { ok: false, message: issues || answer.message || `ShopSync answered ${answer.status}` };
}

export async function saveNotificationSettings(body: NotificationSettingsBody, fetchImpl?: Fetch): Promise<NotificationActionResult> {
  return resultOf(await callApi("/api/notifications/settings", { method: "PUT", body, fetchImpl }));
}

export async function sendTestNotification(fetchImpl?: Fetch): Promise<NotificationActionResult> {
  return resultOf(await callApi("/api/notifications/test", { method: "POST", fetchImpl }));
}
