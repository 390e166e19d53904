/**
 * The open-loop benchmark's lean HTTP client (bench/lib/raw-http-client.ts) against a real
 * node:http server: statuses, Content-Length and chunked answers, keep-alive reuse, and a
 * server that goes away.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseAnswer, RawHttpClient, serializeRequest } from "../../../bench/lib/raw-http-client";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(handler: http.RequestListener): Promise<{ url: URL; sockets: () => number }> {
  let sockets = 0;
  const server = http.createServer(handler);
  server.on("connection", () => sockets++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?x=1`), sockets: () => sockets };
}

describe("raw HTTP client", () => {
  it("sends the serialized request whole and reads Content-Length and chunked answers on one kept-alive socket", async () => {
    const seen: { method?: string; url?: string; topic?: string; body: string }[] = [];
    const { url, sockets } = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      req.on("end", () => {
        seen.push({ method: req.method, url: req.url, topic: req.headers["x-shopify-topic"] as string, body });
        if (req.method === "GET") {
          res.writeHead(200, { "transfer-encoding": "chunked" });
          res.write("first ");
          res.end("second");
        } else res.writeHead(body.includes("bad") ? 401 : 200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      });
    });
    const client = new RawHttpClient(url, 1);
    const post = serializeRequest(url, "POST", { "x-shopify-topic": "products/create" }, '{"title":"Caf\u00e9"}');
    const bad = serializeRequest(url, "POST", {}, '{"bad":true}');
    const get = serializeRequest(url, "GET");

    const answers = await Promise.all([client.send(post), client.send(bad), client.send(get), client.send(post)]);
    client.destroy();

    expect(answers.map((a) => a.status)).toEqual([200, 401, 200, 200]);
    expect(seen[0]).toEqual({ method: "POST", url: "/hook?x=1", topic: "products/create", body: '{"title":"Caf\u00e9"}' });
    expect(seen.map((s) => s.method)).toEqual(["POST", "POST", "GET", "POST"]);
    expect(sockets()).toBe(1); // maxSockets 1: the others waited for it
  });

  it("parses only complete answers", () => {
    const whole = Buffer.from("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n");
    expect(parseAnswer(whole)).toEqual({ status: 201, end: whole.indexOf("HTTP/1.1 200") });
    expect(parseAnswer(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok"))).toBeNull();
    expect(parseAnswer(Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n"))).toBeNull();
    const chunked = Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
    expect(parseAnswer(chunked)).toEqual({ status: 200, end: chunked.length });
  });

  it("closes a connection idle for idleCloseMs and answers the requests sent around that moment on live ones", async () => {
    const { url, sockets } = await serve((_req, res) => res.end("ok"));
    const client = new RawHttpClient(url, 4, 30);
    const request = serializeRequest(url, "GET");
    expect((await client.send(request)).status).toBe(200);
    // sends due just before, at and after the connection's 30 ms idle timer
    const answers = await Promise.all(
      [29, 30, 30, 31, 32].map((ms) => new Promise((resolve) => setTimeout(() => resolve(client.send(request)), ms))),
    );
    client.destroy();
    expect(answers.map((a) => (a as { status: number }).status)).toEqual([200, 200, 200, 200, 200]);
    expect(sockets()).toBeGreaterThanOrEqual(1);
  });

  it("answers status 0 for requests whose connection the server closes", async () => {
    const { url } = await serve((req) => req.socket.destroy());
    const client = new RawHttpClient(url, 2);
    const answers = await Promise.all([1, 2, 3].map(() => client.send(serializeRequest(url, "GET"))));
    client.destroy();
    expect(answers.map((a) => a.status)).toEqual([0, 0, 0]);
  });
});
