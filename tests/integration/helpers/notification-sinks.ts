/**
 * The notification sinks `npm run dev` starts, for tests: maildev (a real SMTP server whose REST
 * API lists received mail at GET /email) as a child process, and the Slack incoming-webhook sink.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { freePort } from "../../../dev/db/embedded";
import { startSlackSink, type SlackSink } from "../../../dev/slack-sink/server";
import { signalAndWait } from "./child-process";
import { waitFor } from "./stack";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface MaildevEmail {
  subject: string;
  html: string;
  text: string;
  to: { address: string }[];
}

export interface NotificationSinks {
  smtpUrl: string;
  slack: SlackSink;
  emails(): Promise<MaildevEmail[]>;
  stop(): Promise<void>;
}

async function startMaildev(): Promise<{ smtpPort: number; webUrl: string; process: ChildProcess }> {
  const smtpPort = await freePort();
  const webPort = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.join(ROOT, "node_modules/maildev/bin/maildev"),
      "--smtp",
      String(smtpPort),
      "--web",
      String(webPort),
      "--ip",
      "127.0.0.1",
      "--silent",
    ],
    { cwd: ROOT, stdio: "ignore" },
  );
  const webUrl = `http://127.0.0.1:${webPort}`;
  await waitFor(
    async () => {
      try {
        return (await fetch(`${webUrl}/email`)).ok ? true : undefined;
      } catch {
        return undefined;
      }
    },
    30_000,
    "maildev's web API",
  );
  return { smtpPort, webUrl, process: child };
}

export async function startNotificationSinks(): Promise<NotificationSinks> {
  const maildev = await startMaildev();
  const slack = await startSlackSink(0);
  return {
    smtpUrl: `smtp://127.0.0.1:${maildev.smtpPort}`,
    slack,
    emails: async () => (await (await fetch(`${maildev.webUrl}/email`)).json()) as MaildevEmail[],
    async stop() {
      await slack.close();
      await signalAndWait(maildev.process, "SIGTERM");
    },
  };
}
