/**
 * Login with Amazon: a refresh token (long-lived, from the seller's authorisation) buys a 1-hour
 * access token, sent as `x-amz-access-token` on every SP-API call.
 */
import { z } from "zod";
import { ChannelAuthError, ChannelUnavailableError } from "../errors";
import { channelRequest } from "../http";
import type { Pacer } from "../pacer";
import type { AmazonCredentials } from "./credentials";

const tokenResponseSchema = z.object({ access_token: z.string().min(1), token_type: z.string(), expires_in: z.number().int().positive() });

export interface AccessToken {
  token: string;
  expiresAt: Date;
}

export async function exchangeRefreshToken(
  credentials: AmazonCredentials,
  options: { origin: string; timeoutMs: number; pacer: Pacer; maxAttempts?: number },
): Promise<AccessToken> {
  const form = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: credentials.refreshToken,
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
  });
  const response = await channelRequest(
    `${options.origin}/auth/o2/token`,
    () => ({ method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8" }, body: form.toString() }),
    { pacer: options.pacer, timeoutMs: options.timeoutMs, maxAttempts: options.maxAttempts },
  );
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.status === 400 || response.status === 401) {
    const error = z.object({ error: z.string(), error_description: z.string().optional() }).safeParse(body);
    throw new ChannelAuthError(
      `Login with Amazon refused the credentials: ${error.success ? `${error.data.error} (${error.data.error_description ?? ""})` : `HTTP ${response.status}`}`,
    );
  }
  const parsed = tokenResponseSchema.safeParse(body);
  if (!response.ok || !parsed.success)
    throw new ChannelUnavailableError(`Login with Amazon answered HTTP ${response.status} without a token`, response.status);
  return { token: parsed.data.access_token, expiresAt: new Date(Date.now() + parsed.data.expires_in * 1000) };
}
