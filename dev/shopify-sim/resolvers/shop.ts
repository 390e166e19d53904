import { API_VERSION } from "../schema.ts";
import { toGid } from "../ids.ts";
import type { ShopState } from "../shop-state.ts";
import type { TypeImpl } from "./context.ts";

export const shopType: TypeImpl<ShopState> = {
  id: (s) => toGid("Shop", s.store.shop.id),
  name: (s) => s.store.shop.name,
  email: (s) => s.store.shop.email,
  contactEmail: (s) => s.store.shop.email,
  myshopifyDomain: (s) => s.domain,
  url: (s) => `https://${s.domain}`,
  currencyCode: (s) => s.store.shop.currencyCode,
  ianaTimezone: (s) => s.store.shop.ianaTimezone,
  createdAt: (s) => s.store.shop.createdAt,
  updatedAt: (s) => s.store.shop.createdAt,
  plan: (s) => ({
    partnerDevelopment: false,
    publicDisplayName:
      s.plan.name === "plus" ? "Plus" : s.plan.name === "enterprise" ? "Enterprise" : s.plan.name === "advanced" ? "Advanced" : "Basic",
    shopifyPlus: s.plan.name === "plus" || s.plan.name === "enterprise",
  }),
  primaryDomain: (s) => ({ id: toGid("Domain", s.store.shop.id), host: s.domain, url: `https://${s.domain}`, sslEnabled: true }),
};

export const shopPlanType: TypeImpl<Record<string, unknown>> = {
  partnerDevelopment: (p) => p["partnerDevelopment"],
  publicDisplayName: (p) => p["publicDisplayName"],
  shopifyPlus: (p) => p["shopifyPlus"],
};

export const domainType: TypeImpl<Record<string, unknown>> = {
  id: (d) => d["id"],
  host: (d) => d["host"],
  url: (d) => d["url"],
  sslEnabled: (d) => d["sslEnabled"],
};

export const apiVersionType: TypeImpl<unknown> = {
  handle: () => API_VERSION,
  displayName: () => API_VERSION,
  supported: () => true,
};
