import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readJsonlFrom } from "@/lib/sync/jsonl-reader";

/** A bulk-file server: /stall sends one line and part of the next, then nothing; /whole sends three lines. */
let server: Server;
let base: string;
const held: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "application/jsonl" });
    if (req.url === "/endless-line") {
      // A corrupt file: one line of 64 KiB with no newline, sent in 1 KiB chunks.
      res.write('{"id":1}\n');
      for (let i = 0; i < 64; i++) res.write("x".repeat(1024));
      res.end();
      return;
    }
    if (req.url === "/stall") {
      res.write('{"id":1}\n{"id":');
      held.push(res); // never ends: a stalled download
      return;
    }
    res.end('{"id":1}\n{"id":2}\n{"id":3}\n');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of held) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe("readJsonlFrom", () => {
  it("gives up on a line longer than the bound instead of buffering it whole (hazard R20)", async () => {
    const lines: string[] = [];
    const reading = (async () => {
      for await (const line of readJsonlFrom(`${base}/endless-line`, 0, { maxLineBytes: 8 * 1024 })) lines.push(line.text);
    })();
    await expect(reading).rejects.toThrow(/line at byte 9 is over 8192 bytes/);
    expect(lines).toEqual(['{"id":1}']);
  });

  it("abandons a download that stops sending, after the lines it did receive", async () => {
    const lines: string[] = [];
    const reading = (async () => {
      for await (const line of readJsonlFrom(`${base}/stall`, 0, { idleTimeoutMs: 3_000 })) lines.push(line.text);
    })();
    await expect(reading).rejects.toThrow(/stalled: nothing received for 3000 ms/);
    expect(lines).toEqual(['{"id":1}']);
  });

  it("does not count the time the caller spends on a line as a stall", async () => {
    const lines: string[] = [];
    // The idle bound is generous (a loaded machine may be slow to connect); the caller spends longer
    // than it on the first line, as a slow database write would.
    for await (const line of readJsonlFrom(`${base}/whole`, 0, { idleTimeoutMs: 3_000 })) {
      if (lines.push(line.text) === 1) await new Promise((resolve) => setTimeout(resolve, 4_000));
    }
    expect(lines).toEqual(['{"id":1}', '{"id":2}', '{"id":3}']);
  });
});
