/**
 * Reads a JSONL file over HTTP line by line from a byte offset, never holding more than one
 * network chunk and one line (at most MAX_LINE_BYTES) in memory. Asks for
 * `Range: bytes=<offset>-` (Shopify's bulk files are served from cloud storage, which honours it)
 * and skips the bytes itself if the server answers the whole file. Each line comes with the byte
 * offset just past it, so a reader can checkpoint and resume exactly there.
 */
export interface JsonlLine {
  text: string;
  /** Offset of the first byte after this line (and its newline). */
  end: number;
}

const NEWLINE = 0x0a;

/**
 * A download that sends nothing for this long is abandoned (the step fails and is retried, resuming
 * at the last committed offset). An idle bound, not a total one: a large file may take minutes.
 */
export const DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

/**
 * The longest line read (one object of an export: far smaller in practice). A file with a longer
 * one is corrupt (e.g. no newlines): reading fails instead of buffering it until memory runs out.
 */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface ReadJsonlOptions {
  fetchImpl?: typeof fetch;
  idleTimeoutMs?: number;
  maxLineBytes?: number;
}

export async function* readJsonlFrom(url: string, offset: number, options: ReadJsonlOptions = {}): AsyncGenerator<JsonlLine> {
  const idleTimeoutMs = options.idleTimeoutMs ?? DOWNLOAD_IDLE_TIMEOUT_MS;
  const abort = new AbortController();
  /** Bounds one wait on the network (not the time the consumer spends on the lines). */
  const network = async <T>(wait: Promise<T>): Promise<T> => {
    const timer = setTimeout(
      () => abort.abort(new Error(`bulk result download stalled: nothing received for ${idleTimeoutMs} ms`)),
      idleTimeoutMs,
    );
    try {
      return await wait;
    } catch (error) {
      throw abort.signal.aborted ? abort.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    const response = await network(
      (options.fetchImpl ?? fetch)(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal: abort.signal }),
    );
    yield* readLines(response, offset, network, options.maxLineBytes ?? MAX_LINE_BYTES);
  } finally {
    abort.abort(); // a consumer that stops early closes the download
  }
}

async function* readLines(
  response: Response,
  offset: number,
  network: <T>(wait: Promise<T>) => Promise<T>,
  maxLineBytes: number,
): AsyncGenerator<JsonlLine> {
  if (response.status === 416) return; // offset at or past the end: nothing left
  if (!response.ok || !response.body) throw new Error(`bulk result download failed: HTTP ${response.status}`);
  let skip = offset > 0 && response.status !== 206 ? offset : 0;
  let position = offset;
  const decoder = new TextDecoder();
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  const reader = response.body.getReader();
  const tooLong = () => new Error(`bulk result line at byte ${position} is over ${maxLineBytes} bytes: the file is corrupt`);
  for (;;) {
    const { done, value } = await network(reader.read());
    if (done) break;
    let chunk = value;
    if (skip > 0) {
      const dropped = Math.min(skip, chunk.length);
      chunk = chunk.subarray(dropped);
      skip -= dropped;
      if (chunk.length === 0) continue;
    }
    let start = 0;
    // indexOf is a native byte search (memchr), far cheaper than a JS loop over every byte
    for (let i = chunk.indexOf(NEWLINE); i !== -1; i = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, i);
      if (pendingLength + piece.length > maxLineBytes) throw tooLong();
      let bytes: Uint8Array = piece;
      if (pendingLength > 0) {
        bytes = new Uint8Array(pendingLength + piece.length);
        let at = 0;
        for (const part of pending) {
          bytes.set(part, at);
          at += part.length;
        }
        bytes.set(piece, at);
        pending = [];
        pendingLength = 0;
      }
      position += bytes.length + 1;
      const text = decoder.decode(bytes);
      if (text.trim()) yield { text, end: position };
      start = i + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.slice(start); // copy: the stream may reuse its buffer
      pending.push(rest);
      pendingLength += rest.length;
      if (pendingLength > maxLineBytes) throw tooLong();
    }
  }
  if (pendingLength > 0) {
    const bytes = new Uint8Array(pendingLength);
    let at = 0;
    for (const part of pending) {
      bytes.set(part, at);
      at += part.length;
    }
    position += bytes.length;
    const text = decoder.decode(bytes);
    if (text.trim()) yield { text, end: position };
  }
}
