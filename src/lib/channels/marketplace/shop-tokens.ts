/**
 * A marketplace shop's tokens (Shopee, TikTok Shop): an access token that expires and a refresh
 * token that rotates on use. They live in the connection's encrypted credentials; a refresh writes
 * the new pair only if nobody else replaced the stored one meanwhile (compare-and-swap on the stored
 * ciphertext), else it takes what the other refresher stored, so a rotated pair is never lost.
 */
export interface ShopTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix seconds. */
  accessExpiresAt: number;
}

export interface ShopTokenStore {
  load(): Promise<{ tokens: ShopTokens; version: string }>;
  /** Replaces the stored tokens if they are still `version`; false when another refresh won. */
  replace(version: string, tokens: ShopTokens): Promise<boolean>;
}

/** Refresh a minute before expiry, so a token never dies mid-request. */
const MARGIN_SECONDS = 60;

export class ShopTokenKeeper {
  constructor(
    private readonly store: ShopTokenStore,
    private readonly refresh: (refreshToken: string) => Promise<ShopTokens>,
  ) {}

  /** A live access token; `stale` is one the platform just refused (refreshed unless already replaced). */
  async accessToken(stale?: string): Promise<string> {
    const { tokens, version } = await this.store.load();
    const expiring = tokens.accessExpiresAt - MARGIN_SECONDS <= Date.now() / 1000;
    if (!expiring && tokens.accessToken !== stale) return tokens.accessToken;
    const next = await this.refresh(tokens.refreshToken);
    if (await this.store.replace(version, next)) return next.accessToken;
    return (await this.store.load()).tokens.accessToken;
  }
}
