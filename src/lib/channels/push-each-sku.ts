/**
 * Pushing a batch one request per SKU (Amazon's patchListingsItem, ShipStation's adjust) without
 * letting one SKU fail the others: a SKU whose requests spent the connector's retries on 5xx or
 * timeouts is reported `unanswered` and the rest of the batch goes on, so what the channel took is
 * acknowledged. Only a channel that answers for none of the first SKUs it is sent (one per
 * request in flight) is down: the rest of the batch is not sent and the batch fails as a whole
 * with ChannelUnavailableError, which the circuit breaker counts.
 */
import type { PushResult, QuantityUpdate } from "./channel";
import { ChannelUnavailableError } from "./errors";
import { mapWithConcurrency } from "./pool";

export async function pushEachSku(
  updates: readonly QuantityUpdate[],
  concurrency: number,
  pushOne: (update: QuantityUpdate) => Promise<PushResult>,
): Promise<PushResult[]> {
  let answered = false;
  let unansweredBeforeAnyAnswer = 0;
  let down: ChannelUnavailableError | undefined;
  const results = await mapWithConcurrency(updates, concurrency, async (update): Promise<PushResult | undefined> => {
    if (down && !answered) return undefined; // not sent: stays pending
    try {
      const result = await pushOne(update);
      answered = true;
      return result;
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
      if (!answered && ++unansweredBeforeAnyAnswer >= Math.min(concurrency, updates.length)) down = error;
      return { sku: update.sku, outcome: "unanswered", message: error.message };
    }
  });
  if (!answered && down) throw down;
  return results.filter((result) => result !== undefined);
}
