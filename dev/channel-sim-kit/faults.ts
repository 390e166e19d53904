import { z } from "zod";

/**
 * Fault injection shared by the channel simulators, set through `PUT /__sim/faults` (merged) and
 * reset by `DELETE /__sim/faults`. Rates are probabilities per platform API request.
 */
export const channelFaultsSchema = z
  .object({
    /** Fraction of API requests answered with `errorStatus` (5xx) instead of being executed. */
    errorRate: z.number().min(0).max(1),
    errorStatus: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    /** Fraction of API requests never answered: the socket is closed after `timeoutMs`. */
    timeoutRate: z.number().min(0).max(1),
    timeoutMs: z.number().int().min(0),
    /** An outage: every API request (token exchange included) answers 503 until lifted. */
    outage: z.boolean(),
    /** 429 storm: multiplies every bucket's refill rate (0 = nothing refills, every request past the burst is 429). */
    rateFactor: z.number().min(0),
    /**
     * 429s without Retry-After (ShipStation sends it; this makes it a platform that does not, like
     * Amazon, whose 429s never carry one): the client must find the rate by backing off.
     */
    omitRetryAfter: z.boolean(),
    /** SKUs the platform rejects as INVALID (Amazon) or with a 400 validation error (ShipStation). */
    invalidSkus: z.array(z.string()),
    /**
     * SKUs whose stock updates answer `errorStatus` every time while the rest of the API works (a
     * platform's trouble with one item): a client's retries for them run out, the others go through.
     */
    unavailableSkus: z.array(z.string()),
  })
  .strict();

export type ChannelFaults = z.infer<typeof channelFaultsSchema>;

export const NO_CHANNEL_FAULTS: ChannelFaults = {
  errorRate: 0,
  errorStatus: 503,
  timeoutRate: 0,
  timeoutMs: 30_000,
  outage: false,
  rateFactor: 1,
  omitRetryAfter: false,
  invalidSkus: [],
  unavailableSkus: [],
};

export const channelFaultsPatchSchema = channelFaultsSchema.partial();
export type ChannelFaultsPatch = z.infer<typeof channelFaultsPatchSchema>;
