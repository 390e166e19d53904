"use client";

/**
 * The shop's notification settings: who gets email, which Slack incoming webhook, which kinds, and
 * "Send a test" (queued through the same function and templates as every notification).
 */
import { useState } from "react";
import { saveNotificationSettings, sendTestNotification } from "@/lib/client/notifications-api";

export interface NotificationSettingsValue {
  emailRecipients: string[];
  slackWebhookUrl: string | null;
  kinds: string[];
}

interface Props {
  initial: NotificationSettingsValue;
  kinds: { key: string; label: string }[];
}

export function NotificationSettingsForm({ initial, kinds }: Props) {
  const [recipients, setRecipients] = useState(initial.emailRecipients.join(", "));
  const [slackUrl, setSlackUrl] = useState(initial.slackWebhookUrl ?? "");
  const [wanted, setWanted] = useState<string[]>(initial.kinds.length ? initial.kinds : kinds.map((kind) => kind.key));
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const body = {
      emailRecipients: recipients
        .split(",")
        .map((address) => address.trim())
        .filter(Boolean),
      slackWebhookUrl: slackUrl.trim() || null,
      kinds: wanted,
    };
    const result = await saveNotificationSettings(body);
    setMessage(result.ok ? "Saved." : result.message);
    setBusy(false);
  }

  async function sendTest() {
    setBusy(true);
    const result = await sendTestNotification();
    setMessage(result.ok ? "Test notification queued: check your inbox and Slack." : result.message);
    setBusy(false);
  }

  return (
    <form onSubmit={save} className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-6">
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">Email recipients (comma separated)</span>
        <input
          name="emailRecipients"
          value={recipients}
          onChange={(e) => setRecipients(e.target.value)}
          className="rounded border border-slate-300 px-3 py-2"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">Slack incoming-webhook URL</span>
        <input
          name="slackWebhookUrl"
          value={slackUrl}
          onChange={(e) => setSlackUrl(e.target.value)}
          placeholder="https://hooks.slack.com/services/..."
          className="rounded border border-slate-300 px-3 py-2"
        />
      </label>
      <fieldset className="flex flex-col gap-1">
        <legend className="text-sm font-medium">Tell me about</legend>
        {kinds.map((kind) => (
          <label key={kind.key} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={wanted.includes(kind.key)}
              onChange={(e) => setWanted(e.target.checked ? [...wanted, kind.key] : wanted.filter((k) => k !== kind.key))}
            />
            {kind.label}
          </label>
        ))}
      </fieldset>
      <div className="flex gap-3">
        <button type="submit" disabled={busy} className="rounded bg-slate-900 px-4 py-2 text-white disabled:opacity-50">
          Save
        </button>
        <button type="button" disabled={busy} onClick={sendTest} className="rounded border border-slate-300 px-4 py-2 disabled:opacity-50">
          Send a test
        </button>
      </div>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
}
