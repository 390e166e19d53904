/**
 * A lean HTTP/1.1 load generator for the open loop: each request is serialized once, before the
 * loop (request line, headers and body in one Buffer), and sent with one socket write on an idle
 * keep-alive connection (a new one when none is idle, up to `maxSockets`; beyond that requests
 * wait for a socket, which counts in their latency). Answers are parsed only as far as a
 * benchmark needs: the status code and where the message ends (Content-Length or chunked).
 *
 * Why not node:http: the load generator shares the 2-core machine with the system it measures, and
 * node:http's client (a ClientRequest, header objects and a parser per request) cost 0.5-0.7 ms of
 * CPU per request, a quarter of a core at 500 requests a second, taken from the app under test. The
 * same reason wrk is written in C. This client spends a small fraction of that.
 */
import net from "node:net";

export interface RawAnswer {
  /** The status code, 0 on a socket error or when abandoned. */
  status: number;
  /** performance.now() when the whole answer had arrived. */
  endedAt: number;
}

interface Pending {
  resolve: (answer: RawAnswer) => void;
}

/** A request serialized once: method, path, headers and body in one buffer. */
export function serializeRequest(url: URL, method: "GET" | "POST", headers: Record<string, string> = {}, body?: string): Buffer {
  const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, `host: ${url.host}`, "connection: keep-alive"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (payload) lines.push(`content-length: ${payload.byteLength}`);
  const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
  return payload ? Buffer.concat([head, payload]) : head;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const IDLE_CLOSE_MS = 4_000;
const CRLF = Buffer.from("\r\n");

/**
 * Where the first complete answer in `buffer` ends, and its status; null when it is not complete
 * yet. Handles Content-Length and chunked bodies (Next answers both ways).
 */
export function parseAnswer(buffer: Buffer): { status: number; end: number } | null {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return null;
  const head = buffer.toString("latin1", 0, headerEnd);
  const status = Number(head.slice(9, 12));
  const bodyStart = headerEnd + 4;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (length) {
    const end = bodyStart + Number(length[1]);
    return buffer.length >= end ? { status, end } : null;
  }
  if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
    for (let at = bodyStart; ;) {
      const lineEnd = buffer.indexOf(CRLF, at);
      if (lineEnd < 0) return null;
      const size = parseInt(buffer.toString("latin1", at, lineEnd), 16);
      const next = lineEnd + 2 + size + 2;
      if (buffer.length < next) return null;
      if (size === 0) return { status, end: next };
      at = next;
    }
  }
  return { status, end: bodyStart }; // no body (204, 304)
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Pending | null = null;
  private gone = false;
  readonly socket: net.Socket;

  constructor(
    port: number,
    host: string,
    private readonly idleCloseMs: number,
    private readonly onIdle: (connection: Connection) => void,
    private readonly onGone: (connection: Connection) => void,
  ) {
    this.socket = net.connect({ port, host, noDelay: true });
    this.socket.on("data", (data) => this.receive(data));
    // Out of the pool before it is destroyed: its "close" comes a turn of the event loop later, and
    // a request sent meanwhile (a timer due in the same turn) would be lost with it.
    this.socket.on("timeout", () => {
      this.leave();
      this.socket.destroy();
    });
    const fail = () => {
      this.settle({ status: 0, endedAt: performance.now() });
      this.leave();
    };
    this.socket.on("error", fail);
    this.socket.on("close", fail);
  }

  private leave(): void {
    if (this.gone) return;
    this.gone = true;
    this.onGone(this);
  }

  send(request: Buffer, pending: Pending): void {
    this.socket.setTimeout(0);
    this.pending = pending;
    this.socket.write(request);
  }

  /**
   * Idle: closed after idleCloseMs (IDLE_CLOSE_MS), before the server's keep-alive timeout (Node's and Next's
   * 5 s, announced as `Keep-Alive: timeout=5`) could close it under a request just written to it,
   * which would count as an error of the server's. undici's client does the same (4 s).
   */
  idle(): void {
    this.socket.setTimeout(this.idleCloseMs);
  }

  private receive(data: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    const answer = parseAnswer(this.buffer);
    if (!answer) return;
    this.buffer = this.buffer.subarray(answer.end);
    this.settle({ status: answer.status, endedAt: performance.now() });
    this.onIdle(this);
  }

  private settle(answer: RawAnswer): void {
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(answer);
  }
}

export class RawHttpClient {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly waiting: { request: Buffer; pending: Pending }[] = [];

  constructor(
    private readonly url: URL,
    private readonly maxSockets: number,
    /** Idle connections are closed after this long (IDLE_CLOSE_MS; tests shorten it). */
    private readonly idleCloseMs = IDLE_CLOSE_MS,
  ) {}

  /** Sends a serialized request; resolves when its answer has arrived (status 0 on failure). */
  send(request: Buffer): Promise<RawAnswer> {
    return new Promise((resolve) => {
      const pending = { resolve };
      const connection = this.idle.pop() ?? this.open();
      if (connection) connection.send(request, pending);
      else this.waiting.push({ request, pending });
    });
  }

  /** Destroys every connection: what is unanswered resolves with status 0. */
  destroy(): void {
    for (const connection of this.all) connection.socket.destroy();
    for (const { pending } of this.waiting.splice(0)) pending.resolve({ status: 0, endedAt: performance.now() });
  }

  private open(): Connection | null {
    if (this.all.size >= this.maxSockets) return null;
    const connection = new Connection(
      Number(this.url.port),
      this.url.hostname,
      this.idleCloseMs,
      (idle) => this.reuse(idle),
      (gone) => {
        this.all.delete(gone);
        const at = this.idle.indexOf(gone);
        if (at >= 0) this.idle.splice(at, 1);
        const next = this.waiting.shift();
        if (next) this.send(next.request).then(next.pending.resolve);
      },
    );
    this.all.add(connection);
    return connection;
  }

  private reuse(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) connection.send(next.request, next.pending);
    else {
      connection.idle();
      this.idle.push(connection);
    }
  }
}
