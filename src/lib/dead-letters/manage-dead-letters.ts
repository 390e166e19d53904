/**
 * The merchant's Retry and Resolve actions, scoped to the signed-in shop: a dead letter of another
 * shop answers exactly like one that does not exist (404), so ids reveal nothing.
 */
import { AppError } from "../errors";
import { isSettled, type Resolution } from "./backoff";
import { findShopDeadLetter, markDeadLetterResolved } from "./dead-letter-queries";
import { retryDeadLetter, type RetryResult } from "./retry-dead-letter";

const SETTLED_WORDS: Partial<Record<Resolution, string>> = { RETRIED: "stored by a retry", RESOLVED_MANUALLY: "resolved" };

async function findActionable(shopDomain: string, id: string): Promise<void> {
  const letter = await findShopDeadLetter(shopDomain, id);
  if (!letter) throw new AppError("not_found", "no such record in your dead-letter queue");
  if (isSettled(letter.resolution)) throw new AppError("conflict", `this record was already ${SETTLED_WORDS[letter.resolution!]}`);
}

/** Replays the record now, whatever its schedule (an abandoned one too). */
export async function retryShopDeadLetter(shopDomain: string, id: string): Promise<RetryResult> {
  await findActionable(shopDomain, id);
  const result = await retryDeadLetter(id, { isManual: true });
  if (result.outcome === "skipped") throw new AppError("conflict", "this record was settled meanwhile");
  return result;
}

/** The merchant dealt with it: no more retries. */
export async function resolveShopDeadLetter(shopDomain: string, id: string): Promise<void> {
  await findActionable(shopDomain, id);
  if (!(await markDeadLetterResolved(id, new Date()))) throw new AppError("conflict", "this record was settled meanwhile");
}
