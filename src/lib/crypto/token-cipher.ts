/**
 * AES-256-GCM for secrets at rest (Shopify access and refresh tokens).
 *
 * Stored form: `v1:<keyId>:<nonce>:<ciphertext>:<tag>` (base64url parts). A fresh random 12-byte
 * nonce per value; the tag is verified on decrypt; the key id makes rotation possible:
 * ENCRYPTION_KEYS="new:<key>,old:<key>" encrypts with the first key and decrypts with any listed.
 * An optional context (the shop domain) is bound as additional authenticated data, so a value
 * copied to another shop's row does not decrypt.
 */
import "server-only";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AppError } from "../errors";

const VERSION = "v1";
const NONCE_BYTES = 12;

export interface KeyRing {
  /** Encrypts with this key. */
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

/** Parses ENCRYPTION_KEYS ("id:base64key,id2:base64key2"); the env module has validated its shape. */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec.split(",").map((entry) => {
    const [id, key] = entry.trim().split(":") as [string, string | undefined];
    const bytes = Buffer.from(key ?? "", "base64");
    if (!id || bytes.length !== 32)
      throw new AppError("config_invalid", `ENCRYPTION_KEYS: key "${id}" must be <keyId>:<base64 of 32 bytes>`);
    return { id, key: bytes };
  });
  const current = entries[0];
  if (!current) throw new AppError("config_invalid", "ENCRYPTION_KEYS: no key given");
  return { current, byId: new Map(entries.map((entry) => [entry.id, entry.key])) };
}

export function encryptSecret(plaintext: string, ring: KeyRing, context = ""): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", ring.current.key, nonce);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, ring.current.id, nonce.toString("base64url"), ciphertext.toString("base64url"), tag.toString("base64url")].join(":");
}

export function decryptSecret(stored: string, ring: KeyRing, context = ""): string {
  const parts = stored.split(":");
  if (parts.length !== 5 || parts[0] !== VERSION) throw new AppError("secret_undecryptable", "stored secret is not in the v1 format");
  const [, keyId, nonce, ciphertext, tag] = parts as [string, string, string, string, string];
  const key = ring.byId.get(keyId);
  if (!key)
    throw new AppError("secret_undecryptable", `stored secret was encrypted with key "${keyId}", which ENCRYPTION_KEYS no longer lists`);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    // Never echo the value: only that authentication failed.
    throw new AppError("secret_undecryptable", "stored secret failed authentication (tampered, or wrong key or context)", { cause: error });
  }
}

/** True when a value should be re-encrypted because it was written with an older key. */
export const needsReencryption = (stored: string, ring: KeyRing): boolean => stored.split(":")[1] !== ring.current.id;
