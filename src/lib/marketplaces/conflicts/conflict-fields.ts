/**
 * The fields of a listing that can conflict, and their values: `title`, `description`, and
 * `price:<sku>` per SKU. Stock is not one of them: sales on the channel move it, and what a channel
 * should show follows the desired-quantity rules, not the last published figure.
 */
import { z } from "zod";
import type { ListingDraft } from "../../channels/channel";
import { AppError } from "../../errors";

/** What ShopSync published (MarketplaceListing.lastPublished) or what the channel shows. */
export interface ListingContent {
  title: string;
  description: string;
  skus: { sku: string; price: string }[];
}

/** Rules are per kind of field: every SKU's price shares the `price` rule. */
export const RULE_FIELDS = ["title", "description", "price"] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export const CONFLICT_RULES = ["master", "channel", "ask"] as const;
export type ConflictRuleChoice = (typeof CONFLICT_RULES)[number];

export const ruleFieldOf = (field: string): RuleField => (field.startsWith("price:") ? "price" : (field as RuleField));

const normalPrice = (price: string): string => Number(price).toFixed(2);

export const listingContentSchema = z.object({
  title: z.string(),
  description: z.string(),
  skus: z.array(z.object({ sku: z.string(), price: z.string() }).loose()),
});

/** The field's value in a listing's content; undefined when the listing has no such SKU. */
export function fieldValue(content: ListingContent, field: string): string | undefined {
  if (field === "title") return content.title;
  if (field === "description") return content.description;
  const sku = field.slice("price:".length);
  const entry = content.skus.find((candidate) => candidate.sku === sku);
  return entry ? normalPrice(entry.price) : undefined;
}

/** Every field of the published content, in a stable order. */
export const contentFields = (content: ListingContent): string[] => [
  "title",
  "description",
  ...content.skus.map((sku) => `price:${sku.sku}`),
];

/** The draft with the given values kept (open conflicts keep the channel's value until resolved). */
export function withFieldValues(draft: ListingDraft, values: { field: string; value: string }[]): ListingDraft {
  let next = draft;
  for (const { field, value } of values) {
    if (field === "title") next = { ...next, title: value };
    else if (field === "description") next = { ...next, description: value };
    else if (field.startsWith("price:")) {
      const sku = field.slice("price:".length);
      next = { ...next, skus: next.skus.map((entry) => (entry.sku === sku ? { ...entry, price: value } : entry)) };
    }
  }
  return next;
}

const fieldValueSchemas = {
  title: z.string().trim().min(1).max(255),
  description: z.string().trim().min(1).max(5000),
  price: z
    .union([z.string(), z.number()])
    .transform(String)
    .pipe(z.string().regex(/^\d+(\.\d{1,2})?$/, "a decimal price such as 19.90")),
} as const;

/** A value given for a field (a merchant's resolution), validated as the overrides are. */
export function parseFieldValue(field: string, value: unknown): string {
  if (value === undefined || value === null) throw new AppError("bad_request", `"use": "value" needs a value for ${field}`);
  const parsed = fieldValueSchemas[ruleFieldOf(field)].safeParse(value);
  if (!parsed.success) throw new AppError("bad_request", `invalid value for ${field}: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return ruleFieldOf(field) === "price" ? normalPrice(parsed.data) : parsed.data;
}

/** The listing's override that makes ShopSync publish `value` for the field. */
export function overrideFor(field: string, value: string, skuPrices: Record<string, string>) {
  if (field === "title") return { titleOverride: value };
  if (field === "description") return { descriptionOverride: value };
  return { skuPrices: { ...skuPrices, [field.slice("price:".length)]: value } };
}
