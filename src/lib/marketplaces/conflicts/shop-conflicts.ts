/** The merchant's side of conflicts: the shop's list, and each marketplace channel's rules per field. */
import { z } from "zod";
import { findShopChannel } from "../../channels/channel-queries";
import { isMarketplaceKind } from "../../channels/connectors";
import { AppError } from "../../errors";
import { findInstalledShop } from "../../shops/shop-queries";
import { CONFLICT_RULES, RULE_FIELDS, type ConflictRuleChoice, type RuleField } from "./conflict-fields";
import { conflictRules, listConflicts, saveConflictRules, type ConflictView } from "./conflict-queries";

export const conflictListQuerySchema = z.object({
  status: z.enum(["open", "resolved", "all"]).default("open"),
  productId: z.string().min(1).optional(),
  channelId: z.string().min(1).optional(),
});

export async function shopConflicts(shopDomain: string, query: z.infer<typeof conflictListQuerySchema>): Promise<ConflictView[]> {
  const shop = await findInstalledShop(shopDomain);
  return listConflicts(shop.id, { ...query, status: query.status === "all" ? undefined : query.status });
}

export const conflictRulesSchema = z
  .object(
    Object.fromEntries(RULE_FIELDS.map((field) => [field, z.enum(CONFLICT_RULES).optional()])) as Record<
      RuleField,
      z.ZodOptional<z.ZodEnum<{ [K in ConflictRuleChoice]: K }>>
    >,
  )
  .strict();

async function marketplaceChannelOf(shopDomain: string, channelId: string): Promise<string> {
  const shop = await findInstalledShop(shopDomain);
  const channel = await findShopChannel(shop.id, channelId);
  if (!isMarketplaceKind(channel.kind))
    throw new AppError("bad_request", `${channel.kind} channels publish no listings: nothing can conflict`);
  return channel.id;
}

export async function channelConflictRules(shopDomain: string, channelId: string) {
  return conflictRules(await marketplaceChannelOf(shopDomain, channelId));
}

export async function setChannelConflictRules(shopDomain: string, channelId: string, body: unknown) {
  const rules = conflictRulesSchema.parse(body);
  const id = await marketplaceChannelOf(shopDomain, channelId);
  await saveConflictRules(id, rules);
  return conflictRules(id);
}
