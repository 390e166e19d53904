/** A marketplace's refusal of one request in its own words (Shopee `error`, TikTok Shop `code`): the listing's problem, not the channel's. */
export class PlatformRejection extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PlatformRejection";
  }
}
