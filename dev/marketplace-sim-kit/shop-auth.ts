/**
 * The shop authorization both marketplaces use, OAuth-style: the seller approves the app on the
 * platform's page, which redirects back with a one-time code (10 minutes); the code buys an access
 * token (expiring) and a refresh token; a refresh returns a new pair and retires the old refresh
 * token (both platforms rotate it). Pure state; the servers speak the wire formats.
 */
import { randomBytes } from "node:crypto";

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Unix seconds. */
  accessExpiresAt: number;
  refreshExpiresAt: number;
  shopId: string;
}

export class ShopAuthorizations {
  private readonly codes = new Map<string, { shopId: string; expiresAt: number }>();
  private readonly access = new Map<string, TokenPair>();
  private readonly refresh = new Map<string, TokenPair>();
  readonly stats = { codesIssued: 0, tokensIssued: 0, refreshed: 0 };

  constructor(
    private readonly prefix: string,
    /** Seconds an access token lives (Shopee 4 h, TikTok Shop 7 days; configurable for tests). */
    public accessLifetime: number,
    private readonly refreshLifetime: number,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  issueCode(shopId: string): string {
    const code = randomBytes(16).toString("hex");
    this.codes.set(code, { shopId, expiresAt: this.now() + 600 });
    this.stats.codesIssued += 1;
    return code;
  }

  /** One use only; undefined for an unknown, used or expired code. */
  redeemCode(code: string, shopId?: string): TokenPair | undefined {
    const entry = this.codes.get(code);
    this.codes.delete(code);
    if (!entry || entry.expiresAt < this.now() || (shopId !== undefined && shopId !== entry.shopId)) return undefined;
    return this.issue(entry.shopId);
  }

  refreshPair(refreshToken: string): TokenPair | undefined {
    const pair = this.refresh.get(refreshToken);
    if (!pair || pair.refreshExpiresAt < this.now()) return undefined;
    this.refresh.delete(refreshToken);
    this.access.delete(pair.accessToken);
    this.stats.refreshed += 1;
    return this.issue(pair.shopId);
  }

  /** The pair of a live access token; `expired` when it was issued but its lifetime is over. */
  check(accessToken: string | undefined): { ok: true; pair: TokenPair } | { ok: false; reason: "missing" | "unknown" | "expired" } {
    if (!accessToken) return { ok: false, reason: "missing" };
    const pair = this.access.get(accessToken);
    if (!pair) return { ok: false, reason: "unknown" };
    if (pair.accessExpiresAt <= this.now()) return { ok: false, reason: "expired" };
    return { ok: true, pair };
  }

  /** Control API: every access token expires now. */
  expireAll(): number {
    for (const pair of this.access.values()) pair.accessExpiresAt = this.now();
    return this.access.size;
  }

  /**
   * Control API: the shop's authorization ended (Shopee sellers grant it for 7 to 365 days, and can
   * cancel it): every access and refresh token is refused; only a new authorization helps.
   */
  revokeAll(): number {
    const count = this.refresh.size;
    this.access.clear();
    this.refresh.clear();
    return count;
  }

  private issue(shopId: string): TokenPair {
    const now = this.now();
    const pair: TokenPair = {
      accessToken: `${this.prefix}at_${randomBytes(16).toString("hex")}`,
      refreshToken: `${this.prefix}rt_${randomBytes(16).toString("hex")}`,
      accessExpiresAt: now + this.accessLifetime,
      refreshExpiresAt: now + this.refreshLifetime,
      shopId,
    };
    this.access.set(pair.accessToken, pair);
    this.refresh.set(pair.refreshToken, pair);
    this.stats.tokensIssued += 1;
    return pair;
  }
}
