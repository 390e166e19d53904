/**
 * Pushing a batch one request at a time without letting one request fail the others: a request
 * whose attempts spent the connector's retries on 5xx or timeouts leaves its SKUs `unanswered` and
 * the rest of the batch goes on, so what the channel took is acknowledged. A request is one SKU for
 * Amazon's patchListingsItem and ShipStation's adjust (pushEachSku), one parent listing with its
 * SKUs for Shopee's update_stock and TikTok Shop's inventory/update (pushEachRequest). Only a
 * channel that answers none of the first requests it is sent (one per request in flight) is down:
 * the rest of the batch is not sent and the batch fails as a whole with ChannelUnavailableError,
 * which the circuit breaker counts.
 */
import type { PushResult, QuantityUpdate } from "./channel";
import { ChannelUnavailableError } from "./errors";
import { mapWithConcurrency } from "./pool";

export async function pushEachRequest<Request>(
  requests: readonly Request[],
  concurrency: number,
  skusOf: (request: Request) => readonly string[],
  push: (request: Request) => Promise<PushResult[]>,
): Promise<PushResult[]> {
  let answered = false;
  let unansweredBeforeAnyAnswer = 0;
  let down: ChannelUnavailableError | undefined;
  const results = await mapWithConcurrency(requests, concurrency, async (request): Promise<PushResult[]> => {
    if (down && !answered) return []; // not sent: its SKUs stay pending
    try {
      const pushed = await push(request);
      answered = true;
      return pushed;
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
      if (!answered && ++unansweredBeforeAnyAnswer >= Math.min(concurrency, requests.length)) down = error;
      return skusOf(request).map((sku) => ({ sku, outcome: "unanswered", message: error.message }));
    }
  });
  if (!answered && down) throw down;
  return results.flat();
}

/** One request per SKU. */
export async function pushEachSku(
  updates: readonly QuantityUpdate[],
  concurrency: number,
  pushOne: (update: QuantityUpdate) => Promise<PushResult>,
): Promise<PushResult[]> {
  return pushEachRequest(
    updates,
    concurrency,
    (update) => [update.sku],
    async (update) => [await pushOne(update)],
  );
}
