/** Token encryption with the app's configured key ring (ENCRYPTION_KEYS). */
import "server-only";
import { env } from "../env";
import { decryptSecret, encryptSecret, parseKeyRing, type KeyRing } from "./token-cipher";

let ring: KeyRing | undefined;
const keyRing = (): KeyRing => (ring ??= parseKeyRing(env().ENCRYPTION_KEYS));

/** Encrypts a shop's token; the shop domain is bound as context. */
export const encryptShopSecret = (plaintext: string, shopDomain: string): string => encryptSecret(plaintext, keyRing(), shopDomain);
export const decryptShopSecret = (stored: string, shopDomain: string): string => decryptSecret(stored, keyRing(), shopDomain);

/** Encrypts a channel connection's credentials or token; the channel id is bound as context. */
export const encryptChannelSecret = (plaintext: string, channelId: string): string =>
  encryptSecret(plaintext, keyRing(), `channel:${channelId}`);
export const decryptChannelSecret = (stored: string, channelId: string): string => decryptSecret(stored, keyRing(), `channel:${channelId}`);
