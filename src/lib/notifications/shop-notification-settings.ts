/** The merchant's side of notifications: read and change the shop's settings, ask for a test. */
import { z } from "zod";
import { inngest } from "../../../inngest/client";
import { shopNotificationRequested } from "../../../inngest/events";
import { findInstalledShop } from "../shops/shop-queries";
import { NOTIFICATION_KINDS } from "./kinds";
import { notificationSettings, saveNotificationSettings, type ShopNotificationSettings } from "./notification-queries";

export const notificationSettingsInputSchema = z.object({
  emailRecipients: z.array(z.email()).max(20),
  slackWebhookUrl: z.url({ protocol: /^https?$/ }).nullable(),
  kinds: z.array(z.enum(NOTIFICATION_KINDS)),
});

export async function readShopNotificationSettings(shopDomain: string): Promise<ShopNotificationSettings> {
  const shop = await findInstalledShop(shopDomain);
  return notificationSettings(shop.id);
}

export async function updateShopNotificationSettings(shopDomain: string, input: unknown): Promise<ShopNotificationSettings> {
  const settings = notificationSettingsInputSchema.parse(input);
  const shop = await findInstalledShop(shopDomain);
  await saveNotificationSettings(shop.id, settings);
  return settings;
}

/** "Send a test": through the same function, destinations and templates as every notification. */
export async function requestTestNotification(shopDomain: string): Promise<void> {
  const shop = await findInstalledShop(shopDomain);
  await inngest.send(
    shopNotificationRequested.create({
      shopId: shop.id,
      kind: "test",
      requestedAt: new Date().toISOString(),
      facts: { message: "Notifications reach you here. Nothing needs doing." },
    }),
  );
}
