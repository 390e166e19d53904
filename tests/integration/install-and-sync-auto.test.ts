/** Install and full sync with SYNC_STRATEGY=auto (the tests: helpers/install-and-sync.ts). */
import { describeInstallAndSync } from "./helpers/install-and-sync";

describeInstallAndSync("auto");
