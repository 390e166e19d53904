/**
 * Where Shopify lives. In production every call goes to https://<shop>/... as Shopify documents.
 * SHOPIFY_API_ORIGIN (set by `npm run dev` to the local simulator) sends the same requests to
 * another origin instead: the path and query stay, and the shop rides in X-Forwarded-Host because
 * fetch drops a Host header. This file is the only place that knows about the override; the
 * Admin client, OAuth and token refresh all fetch through shopifyFetch.
 */
import { env } from "../env";

const MYSHOPIFY_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

function rewrite(input: string): { url: string; shop?: string } {
  const origin = env().SHOPIFY_API_ORIGIN;
  const url = new URL(input);
  if (!origin || !MYSHOPIFY_HOST.test(url.hostname)) return { url: input };
  const target = new URL(origin);
  target.pathname = `${target.pathname.replace(/\/$/, "")}${url.pathname}`;
  target.search = url.search;
  return { url: target.toString(), shop: url.hostname };
}

/**
 * Deadline of a call that brings no signal of its own: the OAuth code exchange and the token
 * refresh, made by @shopify/shopify-api. Without one, a hung call would hold the install request,
 * or a step and the shop's refresh lease, until the platform kills it. (Admin API calls bring
 * their own, SHOPIFY_REQUEST_TIMEOUT_MS.)
 */
export const OAUTH_REQUEST_TIMEOUT_MS = 15_000;

function withDeadline(init: RequestInit | undefined): RequestInit {
  if (init?.signal) return init;
  return { ...init, signal: AbortSignal.timeout(OAUTH_REQUEST_TIMEOUT_MS) };
}

/** fetch() for Shopify URLs, honouring SHOPIFY_API_ORIGIN, always with a timeout. */
export const shopifyFetch: typeof fetch = async (input, init) => {
  const original = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
  const { url, shop } = rewrite(original);
  if (!shop) return fetch(input, withDeadline(init));
  const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
  headers.set("X-Forwarded-Host", shop);
  return fetch(url, withDeadline({ ...init, headers }));
};

/**
 * A Shopify URL a browser is sent to (the OAuth authorize page). A browser cannot carry
 * X-Forwarded-Host, so under an origin override the shop is added as a `shop` parameter
 * (Shopify ignores unknown parameters).
 */
export function browserUrl(shopifyUrl: string): string {
  const { url, shop } = rewrite(shopifyUrl);
  if (!shop) return shopifyUrl;
  const target = new URL(url);
  target.searchParams.set("shop", shop);
  return target.toString();
}
