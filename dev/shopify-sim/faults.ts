import { z } from "zod";

/**
 * Fault injection, per shop, set through the control API (PUT /__sim/shops/:shop/faults) or options.
 * Rates are probabilities per request / record / delivery, drawn from a seeded PRNG.
 */
export const faultsSchema = z
  .object({
    /** Fraction of Admin API requests answered with `errorStatus` instead of being executed. */
    errorRate: z.number().min(0).max(1),
    errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    /** Fraction of Admin API requests delayed by `slowMs` before they are answered. */
    slowRate: z.number().min(0).max(1),
    slowMs: z.number().int().min(0),
    /** Fraction of Admin API requests never answered: the socket is closed after `timeoutMs`. */
    timeoutRate: z.number().min(0).max(1),
    timeoutMs: z.number().int().min(0),
    /**
     * The next N token refreshes are carried out (the token pair rotates) but their answer is lost:
     * the socket is held for `timeoutMs`, then closed, as when the network or the app fails after
     * Shopify processed the request. Shopify keeps the used refresh token valid until its
     * replacement is used, so a client that kept it can refresh again.
     */
    lostRefreshResponses: z.number().int().min(0),
    /** Throttle storm: multiplies the plan's restore rate (0.1 = a tenth of the normal rate). */
    restoreRateFactor: z.number().min(0),
    /** Fraction of records served with schema-valid but broken values (NUL bytes, "NaN" money). */
    malformedRate: z.number().min(0).max(1),
    /** Makes every bulk query FAILED with this error code after `afterObjects` objects, with partial data. */
    bulkFailure: z
      .object({
        errorCode: z.enum(["INTERNAL_SERVER_ERROR", "TIMEOUT", "ACCESS_DENIED"]),
        afterObjects: z.number().int().min(0),
      })
      .nullable(),
    /** ACCESS_DENIED on protected customer fields (names, emails, phones), as for an app not approved for them. */
    protectedCustomerData: z.boolean(),
    /** Fraction of webhook deliveries silently never sent. */
    webhookDropRate: z.number().min(0).max(1),
    /** Fraction of webhook deliveries sent twice (same X-Shopify-Webhook-Id and Event-Id). */
    webhookDuplicateRate: z.number().min(0).max(1),
    /** Each first delivery waits a random 0..webhookReorderMs, so deliveries can arrive out of order. */
    webhookReorderMs: z.number().int().min(0),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = {
  errorRate: 0,
  errorStatus: 503,
  slowRate: 0,
  slowMs: 2_000,
  timeoutRate: 0,
  timeoutMs: 30_000,
  lostRefreshResponses: 0,
  restoreRateFactor: 1,
  malformedRate: 0,
  bulkFailure: null,
  protectedCustomerData: false,
  webhookDropRate: 0,
  webhookDuplicateRate: 0,
  webhookReorderMs: 0,
};

export const faultsPatchSchema = faultsSchema.partial();
export type FaultsPatch = z.infer<typeof faultsPatchSchema>;

/** Deterministic per-record choice for malformed data, so a record stays broken across pages. */
export function isMalformed(faults: Faults, id: number): boolean {
  if (faults.malformedRate <= 0) return false;
  const h = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return (h % 10_000) / 10_000 < faults.malformedRate;
}
