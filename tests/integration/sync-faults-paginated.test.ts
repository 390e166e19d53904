/** The full sync under Shopify's failures, paginated path (the scenarios: helpers/sync-faults.ts). */
import { describeSyncFaults } from "./helpers/sync-faults";

describeSyncFaults("paginated");
