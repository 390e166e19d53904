/** A marketplace shop's tokens in memory, for the connectors' tests against the simulators (the app keeps them in the connection's credentials). */
import type { ShopTokens, ShopTokenStore } from "../../../src/lib/channels/marketplace/shop-tokens";

export function memoryTokenStore(initial: ShopTokens): ShopTokenStore {
  let tokens = initial;
  let version = 0;
  return {
    load: async () => ({ tokens, version: String(version) }),
    replace: async (expected, next) => {
      if (expected !== String(version)) return false;
      tokens = next;
      version += 1;
      return true;
    },
  };
}
