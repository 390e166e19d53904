/**
 * Shopify's mandatory compliance webhooks (declared in the app configuration, not subscribed
 * through the API). They are honoured even after an uninstall: shop/redact only ever comes then.
 * - customers/redact: the customer's personal data is erased (names, email, phone; their orders' email;
 *   their data-request exports; dead-letter payloads holding them), and stays erased (privacy-queries.ts).
 * - customers/data_request: what is stored about the customer becomes a JSON export for the merchant.
 * - shop/redact: the shop and everything stored for it is deleted (48 h after the uninstall).
 */
import { z } from "zod";
import { exportCustomerData, redactCustomer } from "../privacy-queries";
import { deleteUninstalledShop } from "../../shops/shop-queries";
import { defineTopic, gid, restId } from "./define-topic";

const shopFields = { shop_id: restId, shop_domain: z.string() };

/**
 * The shop a compliance payload names, in its signed body, must be the one the unsigned
 * X-Shopify-Shop-Domain header named (hazard R21): a signed body captured for one shop and posted
 * with another shop's header must not erase or delete that other shop's data.
 */
const otherShopNamed = (shop: { domain: string }, payload: { shop_domain: string }): string | undefined =>
  payload.shop_domain.toLowerCase() === shop.domain
    ? undefined
    : `the payload names ${payload.shop_domain}, not ${shop.domain}: not acted on`;
const customerFields = z.object({ id: restId, email: z.string().nullable().optional(), phone: z.string().nullable().optional() });

export const customersRedact = defineTopic({
  topic: "customers/redact",
  schema: z.object({ ...shopFields, customer: customerFields, orders_to_redact: z.array(restId).default([]) }),
  runsWhenUninstalled: true,
  resourceId: (payload) => gid("Customer", payload.customer.id),
  handle: async ({ shop }, payload) => {
    const other = otherShopNamed(shop, payload);
    if (other) return other;
    const erased = await redactCustomer({
      shopId: shop.id,
      customerId: gid("Customer", payload.customer.id),
      email: payload.customer.email ?? null,
      orderIds: payload.orders_to_redact.map((id) => gid("Order", id)),
    });
    if (erased.customers + erased.orders + erased.exports + erased.deadLetters === 0) return "nothing stored for this customer";
  },
});

export const customersDataRequest = defineTopic({
  topic: "customers/data_request",
  schema: z.object({
    ...shopFields,
    customer: customerFields,
    orders_requested: z.array(restId).default([]),
    data_request: z.object({ id: restId }),
  }),
  runsWhenUninstalled: true,
  resourceId: (payload) => gid("Customer", payload.customer.id),
  handle: async ({ shop, triggeredAt }, payload) => {
    const other = otherShopNamed(shop, payload);
    if (other) return other;
    await exportCustomerData({
      shopId: shop.id,
      requestId: payload.data_request.id,
      requestedAt: triggeredAt ?? new Date(),
      customerId: gid("Customer", payload.customer.id),
      email: payload.customer.email ?? null,
      orderIds: payload.orders_requested.map((id) => gid("Order", id)),
    });
  },
});

export const shopRedact = defineTopic({
  topic: "shop/redact",
  schema: z.object(shopFields),
  runsWhenUninstalled: true,
  resourceId: () => null,
  handle: async ({ shop }, payload) => {
    const other = otherShopNamed(shop, payload);
    if (other) return other;
    // Shopify sends it 48 h after an uninstall; a shop installed again since keeps its data.
    if (!(await deleteUninstalledShop(shop.id))) return "the shop is installed: shop/redact is not applied";
  },
});
