/**
 * A stand-in for Slack's incoming webhooks: accepts a JSON POST on any path (the webhook URL's
 * path names the "channel"), answers as Slack does (200, body "ok"; 400 "invalid_payload" for a
 * body that is not JSON or has neither text nor blocks), and lists what arrived at GET /messages.
 */
import http from "node:http";

export interface SlackMessage {
  path: string;
  receivedAt: string;
  payload: { text?: string; blocks?: unknown[] };
}

export interface SlackSink {
  url: string;
  port: number;
  messages: SlackMessage[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

export async function startSlackSink(port = 4400, host = "127.0.0.1"): Promise<SlackSink> {
  const messages: SlackMessage[] = [];
  const server = http.createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? "/", "http://sink.local").pathname;
      if (req.method === "GET" && path === "/messages") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(messages));
        return;
      }
      if (req.method !== "POST") {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
        return;
      }
      let payload: SlackMessage["payload"];
      try {
        payload = JSON.parse(await readBody(req)) as SlackMessage["payload"];
      } catch {
        payload = {};
      }
      if (typeof payload !== "object" || payload === null || (!payload.text && !Array.isArray(payload.blocks))) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end("invalid_payload");
        return;
      }
      messages.push({ path, receivedAt: new Date().toISOString(), payload });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}`,
    port: actualPort,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
