import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Shopify's authorization-code grant and access tokens: /admin/oauth/authorize checks client_id,
 * scope, redirect_uri and state, auto-approves for the demo merchant and redirects back with code,
 * hmac, host, shop, state and timestamp; /admin/oauth/access_token exchanges a code once (codes
 * expire) and, with expiring=1, issues expiring offline tokens with a rotating refresh token.
 */
export interface OAuthOptions {
  apiKey: string;
  apiSecret: string;
  /** Lifetime of expiring offline access tokens (Shopify: 3600 s). */
  tokenLifetimeSeconds: number;
  /** Lifetime of refresh tokens (Shopify: 90 days). */
  refreshTokenLifetimeSeconds: number;
  /** Lifetime of authorization codes (not documented by Shopify; 600 s here). */
  codeLifetimeSeconds: number;
  /** When set, redirect_uri must start with one of these (the app's allowed redirection URLs). */
  allowedRedirectUrls: string[] | null;
}

export interface AccessTokenRecord {
  token: string;
  apiKey: string;
  shop: string;
  scopes: string[];
  expiresAt: number | null;
}

export interface RefreshTokenRecord {
  token: string;
  shop: string;
  scopes: string[];
  expiresAt: number;
  /** The refresh token this one replaced; it stays usable until this one is used. */
  predecessor: string | null;
  revoked: boolean;
}

export interface CodeRecord {
  shop: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export interface TokenResponse {
  access_token: string;
  scope: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
}

export interface HttpAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

const SCOPE_PATTERN = /^(read|write|unauthenticated_read|unauthenticated_write)_[a-z_]+$/;

/** Shopify's admin hmac: keys sorted, URL-encoded `k=v` pairs joined by `&`, HMAC-SHA256 hex. */
export function signQuery(params: Record<string, string>, secret: string): string {
  const query = new URLSearchParams();
  for (const key of Object.keys(params).sort((a, b) => a.localeCompare(b))) {
    if (key === "hmac" || key === "signature") continue;
    query.append(key, params[key]!);
  }
  return createHmac("sha256", secret).update(query.toString().replace(/\+/g, "%20")).digest("hex");
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

function oauthError(status: number, error: string, description: string): HttpAnswer {
  return { status, body: { error, error_description: description } };
}

/** What OAuth issued, by kind and token (or code): what Shopify keeps across its own restarts. */
export interface OAuthGrants {
  access: Map<string, AccessTokenRecord>;
  refresh: Map<string, RefreshTokenRecord>;
  codes: Map<string, CodeRecord>;
}
export type GrantKind = keyof OAuthGrants;

/** Told of every grant written (the whole record) or forgotten (undefined). */
export type GrantListener = (kind: GrantKind, key: string, record: object | undefined) => void;

export class OAuth {
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly codes = new Map<string, CodeRecord>();
  listener: GrantListener | null = null;

  constructor(private readonly options: OAuthOptions) {}

  /** Puts back a grant as the state journal last saw it. */
  restoreGrant(kind: GrantKind, key: string, record: object): void {
    (this.grants()[kind] as Map<string, object>).set(key, record);
  }

  /** Grants that can still be used: expired, used and revoked ones need not be kept. */
  isLive(kind: GrantKind, record: object, now = Date.now()): boolean {
    if (kind === "access") return (record as AccessTokenRecord).expiresAt === null || (record as AccessTokenRecord).expiresAt! > now;
    if (kind === "refresh") return !(record as RefreshTokenRecord).revoked && (record as RefreshTokenRecord).expiresAt > now;
    return !(record as CodeRecord).used && (record as CodeRecord).expiresAt > now;
  }

  private grants(): OAuthGrants {
    return { access: this.accessTokens, refresh: this.refreshTokens, codes: this.codes };
  }

  private saved<T extends object>(kind: GrantKind, key: string, record: T): T {
    this.listener?.(kind, key, record);
    return record;
  }

  /** Issues a token directly (the pre-issued demo token, the control API). */
  issue(shop: string, scopes: string[], expiring: boolean): TokenResponse {
    const accessToken = `shpat_${randomBytes(16).toString("hex")}`;
    const now = Date.now();
    this.accessTokens.set(
      accessToken,
      this.saved("access", accessToken, {
        token: accessToken,
        apiKey: this.options.apiKey,
        shop,
        scopes,
        expiresAt: expiring ? now + this.options.tokenLifetimeSeconds * 1000 : null,
      }),
    );
    const response: TokenResponse = { access_token: accessToken, scope: scopes.join(",") };
    if (!expiring) return response;
    const refreshToken = this.newRefreshToken(shop, scopes, null);
    return {
      ...response,
      expires_in: this.options.tokenLifetimeSeconds,
      refresh_token: refreshToken.token,
      refresh_token_expires_in: this.options.refreshTokenLifetimeSeconds,
    };
  }

  private newRefreshToken(shop: string, scopes: string[], predecessor: string | null): RefreshTokenRecord {
    const record: RefreshTokenRecord = {
      token: `shprt_${randomBytes(16).toString("hex")}`,
      shop,
      scopes,
      expiresAt: Date.now() + this.options.refreshTokenLifetimeSeconds * 1000,
      predecessor,
      revoked: false,
    };
    this.refreshTokens.set(record.token, this.saved("refresh", record.token, record));
    return record;
  }

  /** The token's record when it is valid for this shop. */
  authenticate(token: string | undefined, shop: string): AccessTokenRecord | null {
    if (!token) return null;
    const record = this.accessTokens.get(token);
    if (!record || record.shop !== shop) return null;
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) return null;
    return record;
  }

  revokeShop(shop: string): void {
    for (const [token, record] of this.accessTokens) {
      if (record.shop !== shop) continue;
      this.accessTokens.delete(token);
      this.listener?.("access", token, undefined);
    }
    for (const record of this.refreshTokens.values()) {
      if (record.shop !== shop || record.revoked) continue;
      record.revoked = true;
      this.saved("refresh", record.token, record);
    }
  }

  tokensOf(shop: string): AccessTokenRecord[] {
    return [...this.accessTokens.values()].filter((t) => t.shop === shop);
  }

  /** Every access and refresh token issued to the shop (tests check that none leaks into logs). */
  issuedTokens(shop: string): string[] {
    const records = [...this.accessTokens.values(), ...this.refreshTokens.values()];
    return records.filter((record) => record.shop === shop).map((record) => record.token);
  }

  /** GET /admin/oauth/authorize: the merchant always approves. */
  authorize(url: URL, shop: string): HttpAnswer {
    const params = url.searchParams;
    const text = (status: number, message: string): HttpAnswer => ({
      status,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: message,
    });
    if (params.get("client_id") !== this.options.apiKey)
      return text(400, "Oauth error invalid_request: The client_id is not valid for this shop");
    const scopes = (params.get("scope") ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const badScope = scopes.find((s) => !SCOPE_PATTERN.test(s));
    if (badScope) return text(400, `Oauth error invalid_scope: The access scope is invalid: ${badScope}`);
    const redirectUri = params.get("redirect_uri");
    let redirect: URL;
    try {
      redirect = new URL(redirectUri ?? "");
    } catch {
      return text(400, "Oauth error invalid_request: The redirect_uri is missing or not a valid URL");
    }
    const allowed = this.options.allowedRedirectUrls;
    if (allowed && !allowed.some((prefix) => redirect.href.startsWith(prefix))) {
      return text(400, "Oauth error invalid_request: The redirect_uri is not whitelisted");
    }
    const state = params.get("state");
    if (!state) return text(400, "Oauth error invalid_request: The state parameter is missing");
    if (params.getAll("grant_options[]").includes("per-user"))
      return text(400, "Oauth error invalid_request: online (per-user) access tokens are not implemented by the simulator");
    const code = randomBytes(16).toString("hex");
    this.codes.set(
      code,
      this.saved("codes", code, { shop, scopes, expiresAt: Date.now() + this.options.codeLifetimeSeconds * 1000, used: false }),
    );
    const handle = shop.replace(/\.myshopify\.com$/, "");
    const answer: Record<string, string> = {
      code,
      host: Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64url"),
      shop,
      state,
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    answer["hmac"] = signQuery(answer, this.options.apiSecret);
    for (const [key, value] of Object.entries(answer)) redirect.searchParams.set(key, value);
    return { status: 302, headers: { Location: redirect.toString() } };
  }

  /** POST /admin/oauth/access_token (JSON or form body). */
  accessToken(params: Record<string, unknown>, shop: string): HttpAnswer {
    const str = (key: string): string | undefined =>
      typeof params[key] === "string" ? (params[key] as string) : typeof params[key] === "number" ? String(params[key]) : undefined;
    if (str("client_id") !== this.options.apiKey || !safeEqual(str("client_secret") ?? "", this.options.apiSecret)) {
      return oauthError(401, "invalid_client", "Client authentication failed: the client_id or client_secret is invalid");
    }
    const grantType = str("grant_type") ?? "authorization_code";
    const expiring = str("expiring") === "1" || params["expiring"] === true;
    if (grantType === "authorization_code") {
      const code = str("code") ?? "";
      const record = this.codes.get(code);
      if (!record || record.used || record.shop !== shop)
        return oauthError(400, "invalid_request", "The authorization code was not found or was already used");
      record.used = true;
      this.saved("codes", code, record);
      if (record.expiresAt <= Date.now()) return oauthError(400, "invalid_request", "The authorization code has expired");
      return { status: 200, body: this.issue(shop, record.scopes, expiring) };
    }
    if (grantType === "refresh_token") {
      const token = str("refresh_token") ?? "";
      const record = this.refreshTokens.get(token);
      if (!record || record.revoked || record.shop !== shop || record.expiresAt <= Date.now()) {
        return oauthError(400, "invalid_grant", "The refresh token is invalid, expired or has been revoked");
      }
      // Using a token retires the one it replaced; the used one stays valid until its own successor is used.
      if (record.predecessor) {
        const previous = this.refreshTokens.get(record.predecessor);
        if (previous && !previous.revoked) {
          previous.revoked = true;
          this.saved("refresh", previous.token, previous);
        }
      }
      const response = this.issue(shop, record.scopes, true);
      const successor = this.refreshTokens.get(response.refresh_token ?? "");
      if (successor) {
        successor.predecessor = record.token;
        this.saved("refresh", successor.token, successor);
      }
      return { status: 200, body: response };
    }
    return oauthError(
      400,
      "unsupported_grant_type",
      `grant_type '${grantType}' is not implemented by the simulator (supported: authorization_code, refresh_token)`,
    );
  }
}
