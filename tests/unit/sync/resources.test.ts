import { describe, expect, it } from "vitest";
import { TOPIC_HANDLERS } from "@/lib/webhooks/topics";
import { ID_EXPORTS } from "@/lib/shopify/queries/reconcile";
import { COUNT_RESOURCES } from "@/lib/shopify/queries/sync";
import { SUBSCRIBED_TOPICS } from "@/lib/shopify/webhook-subscriptions";
import { RESOURCE_DEFINITIONS, RESOURCE_TABLES, SYNC_RESOURCES, byStageOrder } from "@/lib/sync/resources";
import { RECONCILED } from "@/lib/sync/reconcile-deletions";
import { syncResourceSchema } from "../../../inngest/events";

/** PRODUCTS_CREATE -> products/create, as Shopify names the topic in X-Shopify-Topic. */
const headerTopic = (graphqlTopic: string) => {
  const [first, ...rest] = graphqlTopic.toLowerCase().split("_");
  const action = rest.pop()!;
  return `${[first, ...rest].join("_")}/${action}`;
};

describe("the resource registry", () => {
  it("is the stage list the events accept, in stage order", () => {
    expect(syncResourceSchema.options).toEqual([...SYNC_RESOURCES]);
    expect(RESOURCE_DEFINITIONS.map((definition) => definition.name)).toEqual([...SYNC_RESOURCES]);
    expect(byStageOrder([{ resource: "inventory" }, { resource: "gift_cards" }, { resource: "products" }])).toEqual([
      { resource: "products" },
      { resource: "inventory" },
      { resource: "gift_cards" },
    ]);
  });

  it("weighs the stages to 100", () => {
    expect(RESOURCE_DEFINITIONS.reduce((sum, definition) => sum + definition.weight, 0)).toBe(100);
  });

  it("names only count fields the count query asks for", () => {
    for (const definition of RESOURCE_DEFINITIONS) expect(COUNT_RESOURCES).toContain(`${definition.shopify.countKey}(`);
  });

  it("has a handler for every webhook topic a resource subscribes to, and subscribes to them", () => {
    for (const definition of RESOURCE_DEFINITIONS) {
      for (const topic of definition.shopify.webhookTopics) {
        expect(TOPIC_HANDLERS.has(headerTopic(topic)), topic).toBe(true);
        expect(SUBSCRIBED_TOPICS).toContain(topic);
      }
    }
  });

  it("sweeps every reconciled table in the weekly deletion pass", () => {
    const reconciled = RESOURCE_TABLES.filter((table) => table.reconciled).map((table) => table.key);
    expect([...RECONCILED]).toEqual(reconciled);
    for (const key of reconciled) expect(ID_EXPORTS).toHaveProperty(key);
  });
});
