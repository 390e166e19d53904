/**
 * A local stand-in for Sentry's ingest endpoint: accepts envelopes at /api/<project>/envelope/
 * and keeps the parsed items, so a test can assert what the SDK really sent.
 */
import http from "node:http";
import zlib from "node:zlib";

export interface SentryEvent {
  exception?: { values?: { type?: string; value?: string }[] };
  tags?: Record<string, string>;
  request?: { url?: string };
  [key: string]: unknown;
}

export interface SentrySink {
  dsn: string;
  events: SentryEvent[];
  close(): Promise<void>;
}

export async function startSentrySink(): Promise<SentrySink> {
  const events: SentryEvent[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let body = Buffer.concat(chunks);
      if (req.headers["content-encoding"] === "gzip") body = zlib.gunzipSync(body);
      const lines = body.toString("utf8").split("\n").filter(Boolean);
      // envelope: header line, then (item header, item payload) pairs
      for (let i = 1; i + 1 < lines.length; i += 2) {
        const itemHeader = JSON.parse(lines[i]!) as { type?: string };
        if (itemHeader.type === "event") events.push(JSON.parse(lines[i + 1]!) as SentryEvent);
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    dsn: `http://publickey@127.0.0.1:${port}/1`,
    events,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
