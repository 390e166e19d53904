/**
 * Sends one message to every destination of a shop: email over SMTP (nodemailer) and a Slack
 * incoming webhook. Throws when a destination refuses, so the Inngest step retries.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "../env";
import type { RenderedEmail } from "./email-templates";
import { log } from "../log";

export interface Destinations {
  emailRecipients: string[];
  slackWebhookUrl: string | null;
}

const SLACK_TIMEOUT_MS = 10_000;
let transport: { url: string; transporter: Transporter } | undefined;

function smtpTransport(url: string): Transporter {
  if (transport?.url !== url) {
    // Timeouts so a hung SMTP server fails the step (and it retries) instead of holding it forever.
    const parsed = new URL(url);
    const secure = parsed.protocol === "smtps:";
    const transporter = nodemailer.createTransport({
      host: parsed.hostname,
      port: Number(parsed.port) || (secure ? 465 : 587),
      secure,
      auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    transport = { url, transporter };
  }
  return transport.transporter;
}

export interface DeliveryResult {
  emailed: number;
  slacked: boolean;
}

export async function deliver(destinations: Destinations, email: RenderedEmail, slack: unknown): Promise<DeliveryResult> {
  const { SMTP_URL, NOTIFY_FROM } = env();
  let emailed = 0;
  if (destinations.emailRecipients.length > 0 && !SMTP_URL) {
    // Retrying cannot help: say so once and deliver the rest.
    log.warn("notifications: SMTP_URL is not set; email skipped");
  } else if (destinations.emailRecipients.length > 0 && SMTP_URL) {
    await smtpTransport(SMTP_URL).sendMail({ from: NOTIFY_FROM, to: destinations.emailRecipients, ...email });
    emailed = destinations.emailRecipients.length;
  }
  let slacked = false;
  if (destinations.slackWebhookUrl) {
    const res = await fetch(destinations.slackWebhookUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(slack),
      signal: AbortSignal.timeout(SLACK_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (!res.ok) throw new Error(`Slack webhook answered HTTP ${res.status}`);
    slacked = true;
  }
  return { emailed, slacked };
}
