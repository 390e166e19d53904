/**
 * The configured @shopify/shopify-api instance: OAuth, HMAC validation and webhook validation
 * come from Shopify's own library rather than hand-written crypto. Its outgoing requests (token
 * exchange and refresh) go through shopifyFetch, so the origin override applies to them too.
 */
import "server-only";
import "@shopify/shopify-api/adapters/web-api";
import { LogSeverity, shopifyApi, type Shopify } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { env } from "../env";
import { SHOPIFY_API_VERSION } from "./api-version";
import { log } from "../log";
import { shopifyFetch } from "./origin";

let instance: Shopify | undefined;

export function shopify(): Shopify {
  if (instance) return instance;
  const config = env();
  const appUrl = new URL(config.APP_URL);
  setAbstractFetchFunc(shopifyFetch);
  instance = shopifyApi({
    apiKey: config.SHOPIFY_API_KEY,
    apiSecretKey: config.SHOPIFY_API_SECRET,
    scopes: config.SHOPIFY_SCOPES.split(","),
    hostName: appUrl.host,
    hostScheme: appUrl.protocol === "http:" ? "http" : "https",
    apiVersion: SHOPIFY_API_VERSION,
    isEmbeddedApp: false,
    // The library's own lines go through the app's logger (and its redaction).
    logger: {
      level: config.LOG_LEVEL === "debug" ? LogSeverity.Debug : LogSeverity.Warning,
      timestamps: false,
      log: async (severity, message) => {
        const level =
          severity === LogSeverity.Error
            ? "error"
            : severity === LogSeverity.Warning
              ? "warn"
              : severity === LogSeverity.Info
                ? "info"
                : "debug";
        log[level]({ component: "shopify-api" }, message);
      },
    },
  });
  return instance;
}

export const requestedScopes = (): string[] => env().SHOPIFY_SCOPES.split(",");
