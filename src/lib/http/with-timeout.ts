/**
 * Bounds a promise whose work cannot be given an AbortSignal (an SDK call): after `ms` the caller
 * gets an error and moves on; the work itself may still finish later, so use it only where a late
 * completion is harmless (an idempotent send).
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
