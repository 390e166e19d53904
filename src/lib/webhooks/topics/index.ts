/**
 * Every topic ShopSync handles, one file per family. The subscribed ones are listed in
 * src/lib/shopify/webhook-subscriptions.ts; the compliance ones are declared in the app config.
 */
import type { TopicHandler } from "./define-topic";
import { appUninstalled } from "./app";
import { bulkOperationsFinish } from "./bulk-operations";
import { customersDataRequest, customersRedact, shopRedact } from "./compliance";
import { customersCreate, customersDelete, customersUpdate } from "./customers";
import { inventoryLevelsConnect, inventoryLevelsDisconnect, inventoryLevelsUpdate } from "./inventory-levels";
import { ordersCreate, ordersDelete, ordersUpdated } from "./orders";
import { productsCreate, productsDelete, productsUpdate } from "./products";

export const TOPIC_HANDLERS: ReadonlyMap<string, TopicHandler> = new Map(
  [
    productsCreate,
    productsUpdate,
    productsDelete,
    ordersCreate,
    ordersUpdated,
    ordersDelete,
    customersCreate,
    customersUpdate,
    customersDelete,
    inventoryLevelsUpdate,
    inventoryLevelsConnect,
    inventoryLevelsDisconnect,
    appUninstalled,
    bulkOperationsFinish,
    customersDataRequest,
    customersRedact,
    shopRedact,
  ].map((handler) => [handler.topic, handler]),
);

export type { TopicContext, TopicHandler } from "./define-topic";
