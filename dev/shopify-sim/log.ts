/** The simulator's log lines (LOG_LEVEL), named "shopify-sim". */
import { createDevLogger } from "../log.ts";

export const simLog = createDevLogger("shopify-sim");
