/** The two ways a channel call can fail as a whole (per-SKU rejections are PushResults). */

/** The platform refused the credentials: retrying cannot help; the merchant must reconnect. */
export class ChannelAuthError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = "ChannelAuthError";
  }
}

/** 429s, 5xx, timeouts or an outage that outlasted the connector's retries: the circuit breaker counts these. */
export class ChannelUnavailableError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = "ChannelUnavailableError";
  }
}
