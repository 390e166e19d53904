/** The full sync under Shopify's failures, bulk path (the scenarios: helpers/sync-faults.ts). */
import { describeSyncFaults } from "./helpers/sync-faults";

describeSyncFaults("bulk");
