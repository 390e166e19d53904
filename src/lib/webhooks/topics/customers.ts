/**
 * customers/create, customers/update, customers/delete. The REST customer lacks fields ShopSync
 * stores (order count, amount spent), so the customer is fetched by GraphQL with the full sync's
 * fields and stored through the same ingest path: the stored copy is always Shopify's latest.
 */
import { z } from "zod";
import { WEBHOOK_CUSTOMER } from "../../shopify/queries/webhooks";
import { adminClientFor } from "../../shopify/shop-tokens";
import { ShopifyAccessDeniedError } from "../../shopify/shopify-errors";
import { upsertRecords } from "../record-queries";
import { defineDeleteTopic, defineTopic, gid, restDateTime, restId, upsertNote } from "./define-topic";

export const customerPayload = z.object({
  id: restId,
  updated_at: restDateTime.nullable().optional(),
});

const upsertCustomer = (topic: string) =>
  defineTopic({
    topic,
    schema: customerPayload,
    resourceId: (customer) => gid("Customer", customer.id),
    fetchesFromShopify: (customer) => gid("Customer", customer.id),
    handle: async ({ shop, prefetched }, customer) => {
      const id = gid("Customer", customer.id);
      let node: unknown = prefetched?.get(id);
      try {
        if (!prefetched?.has(id))
          ({
            data: { customer: node },
          } = await adminClientFor(shop.domain).request(WEBHOOK_CUSTOMER, { id }));
      } catch (error) {
        // An app without protected customer data access is refused customers' personal fields.
        if (error instanceof ShopifyAccessDeniedError) return `Shopify denied access to the customer: ${error.message}`;
        throw error;
      }
      if (!node) return "the customer no longer exists in Shopify";
      return upsertNote(await upsertRecords(shop.id, [{ value: node }], { resourceId: id, deleteTopic: "customers/delete" }), "customer");
    },
  });

export const customersCreate = upsertCustomer("customers/create");
export const customersUpdate = upsertCustomer("customers/update");

/** Orders keep their customerId (no foreign key): order history outlives the customer. */
export const customersDelete = defineDeleteTopic("customers/delete", "Customer");
