/**
 * The Shopify simulator in a worker thread of the benchmark process: its own V8 heap and event
 * loop. In production the process that ingests never holds Shopify's store; with the simulator in
 * the benchmark's own heap, every major garbage collection of the ingest also walks the large
 * store's millions of objects (~1.5 GB), and its HTTP serving shares the ingest's event loop.
 */
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import type { ShopifySimOptions } from "../../dev/shopify-sim/index.ts";

export interface SimThread {
  url: string;
  demoShop: string;
  demoAccessToken: string;
  stop(): Promise<void>;
}

type Ready = { url: string; demoShop: string; demoAccessToken: string };

/** Starts the simulator in a worker thread (options must be structured-cloneable). */
export async function startSimThread(options: ShopifySimOptions): Promise<SimThread> {
  // the entry registers tsx's loader in the thread, which then imports this module
  const worker = new Worker(new URL("./sim-thread-entry.mjs", import.meta.url), {
    workerData: { module: import.meta.url, options },
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the simulator thread exited with ${code}`)));
  });
  return {
    ...ready,
    stop: async () => {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      worker.postMessage("stop");
      await exited;
    },
  };
}

if (!isMainThread && parentPort) {
  const { startShopifySim } = await import("../../dev/shopify-sim/index.ts");
  const sim = await startShopifySim((workerData as { options: ShopifySimOptions }).options);
  const port = parentPort;
  port.on("message", async (message) => {
    if (message !== "stop") return;
    await sim.stop();
    port.close();
  });
  port.postMessage({ url: sim.url, demoShop: sim.demoShop, demoAccessToken: sim.demoAccessToken } satisfies Ready);
}
