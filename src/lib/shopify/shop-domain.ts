/**
 * Shop domains as Shopify issues them: `<name>.myshopify.com`, lowercase letters, digits and
 * hyphens, not starting with a hyphen. Anything else (custom domains, URLs with paths, other
 * hosts) is refused before it reaches OAuth, so an attacker cannot steer the redirect elsewhere.
 */
import { z } from "zod";

export const SHOP_DOMAIN_PATTERN = "[a-z0-9][a-z0-9-]*\\.myshopify\\.com";
const SHOP_DOMAIN_RE = new RegExp(`^${SHOP_DOMAIN_PATTERN}$`);

export const SHOP_DOMAIN_HINT = "Enter your store's myshopify.com domain, like your-store.myshopify.com";

/** Accepts what merchants paste (https://, trailing slash, capitals, "your-store") and normalises it. */
export function normalizeShopDomain(input: string): string | undefined {
  let value = input.trim().toLowerCase();
  value = value.replace(/^https?:\/\//, "").replace(/\/(admin\/?)?$/, "");
  if (/^[a-z0-9][a-z0-9-]*$/.test(value)) value = `${value}.myshopify.com`;
  return SHOP_DOMAIN_RE.test(value) && value.length <= 255 ? value : undefined;
}

export const shopDomainSchema = z.string({ error: SHOP_DOMAIN_HINT }).transform((value, ctx) => {
  const domain = normalizeShopDomain(value);
  if (!domain) {
    ctx.addIssue({ code: "custom", message: SHOP_DOMAIN_HINT });
    return z.NEVER;
  }
  return domain;
});
