/**
 * The bulk path's worker thread (chunk-source.ts): for each read it is asked to open, streams the
 * JSONL file from the given offset and answers each "next" with the next chunk, parsed, validated
 * and encoded (bulk-chunks.ts). COPY text crosses as transferred buffers, the chunk's records as
 * its place in the file.
 * Built by `npm run build:worker` into dist/worker/bulk-chunk-worker.mjs; imports no database,
 * logger or environment module.
 */
import { parentPort } from "node:worker_threads";
import { readBulkChunks, type CutChunk } from "./bulk-chunks";
import type { WorkerAnswer, WorkerRequest } from "./chunk-source";

if (parentPort) {
  const port = parentPort;
  const reads = new Map<number, AsyncGenerator<CutChunk>>();
  const answer = (message: WorkerAnswer, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  port.on("message", (request: WorkerRequest) => {
    const { read } = request;
    if ("open" in request) return void reads.set(read, readBulkChunks(request.open, true));
    const chunks = reads.get(read);
    if ("close" in request) {
      reads.delete(read);
      void chunks?.return(undefined).catch(() => undefined); // closes the download
      return;
    }
    if (!chunks) return answer({ read, error: `bulk chunk read ${read} is not open` });
    chunks.next().then(
      ({ done, value }) => {
        if (done) return answer({ read, done: true });
        const buffers = [...value.chunk.copies.values()].flatMap((bytes) =>
          typeof bytes === "string" ? [] : [bytes.buffer as ArrayBuffer],
        );
        answer({ read, chunk: value }, buffers);
      },
      (error: unknown) =>
        answer(
          error instanceof Error
            ? { read, error: error.message, ...(error.stack ? { stack: error.stack } : {}) }
            : { read, error: String(error) },
        ),
    );
  });
}
