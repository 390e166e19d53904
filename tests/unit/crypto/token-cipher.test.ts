import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, needsReencryption, parseKeyRing } from "@/lib/crypto/token-cipher";
import { AppError } from "@/lib/errors";

const key = () => randomBytes(32).toString("base64");
const TOKEN = "shpat_0123456789abcdef0123456789abcdef";

describe("token cipher (AES-256-GCM)", () => {
  const ring = parseKeyRing(`k1:${key()}`);

  it("round-trips and never stores the plaintext", () => {
    const stored = encryptSecret(TOKEN, ring, "demo.myshopify.com");
    expect(stored).toMatch(/^v1:k1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain(TOKEN);
    expect(decryptSecret(stored, ring, "demo.myshopify.com")).toBe(TOKEN);
  });

  it("uses a fresh 12-byte nonce for every value", () => {
    const a = encryptSecret(TOKEN, ring).split(":");
    const b = encryptSecret(TOKEN, ring).split(":");
    expect(Buffer.from(a[2]!, "base64url")).toHaveLength(12);
    expect(a[2]).not.toBe(b[2]);
    expect(a[3]).not.toBe(b[3]);
  });

  it.each([
    ["ciphertext", 3],
    ["auth tag", 4],
    ["nonce", 2],
  ])("rejects a tampered %s", (_label, index) => {
    const parts = encryptSecret(TOKEN, ring).split(":");
    const bytes = Buffer.from(parts[index]!, "base64url");
    bytes[0] = bytes[0]! ^ 0x01;
    parts[index] = bytes.toString("base64url");
    expect(() => decryptSecret(parts.join(":"), ring)).toThrowError(/failed authentication/);
  });

  it("rejects the wrong key under the same id, and the wrong context", () => {
    const stored = encryptSecret(TOKEN, ring, "a.myshopify.com");
    const impostor = parseKeyRing(`k1:${key()}`);
    expect(() => decryptSecret(stored, impostor, "a.myshopify.com")).toThrowError(AppError);
    expect(() => decryptSecret(stored, ring, "b.myshopify.com")).toThrowError(/failed authentication/);
  });

  it("rotates keys: encrypts with the first, decrypts with any listed", () => {
    const oldKey = key();
    const newKey = key();
    const before = parseKeyRing(`old:${oldKey}`);
    const after = parseKeyRing(`new:${newKey},old:${oldKey}`);
    const legacy = encryptSecret(TOKEN, before);
    expect(decryptSecret(legacy, after)).toBe(TOKEN);
    expect(needsReencryption(legacy, after)).toBe(true);
    const fresh = encryptSecret(TOKEN, after);
    expect(fresh.split(":")[1]).toBe("new");
    expect(needsReencryption(fresh, after)).toBe(false);
    const retired = parseKeyRing(`new:${newKey}`);
    expect(() => decryptSecret(legacy, retired)).toThrowError(/no longer lists/);
  });

  it("refuses values that are not in the v1 format without echoing them", () => {
    expect(() => decryptSecret(TOKEN, ring)).toThrowError(/not in the v1 format/);
    try {
      decryptSecret(TOKEN, ring);
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(TOKEN);
    }
  });

  it("refuses a key ring with a short key", () => {
    expect(() => parseKeyRing(`k1:${randomBytes(16).toString("base64")}`)).toThrowError(/32 bytes/);
  });
});
