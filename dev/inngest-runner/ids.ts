/** ULIDs, including Inngest's seeded event ids (pkg/event/id.go) so an SDK retry maps to the same id. */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encode(time: number, entropy: Buffer): string {
  let out = "";
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = (ALPHABET[t % 32] ?? "0") + out;
    t = Math.floor(t / 32);
  }
  // 80 bits of entropy as 16 base32 characters.
  let bits = 0n;
  for (const byte of entropy) bits = (bits << 8n) | BigInt(byte);
  let rand = "";
  for (let i = 0; i < 16; i++) {
    rand = (ALPHABET[Number(bits & 31n)] ?? "0") + rand;
    bits >>= 5n;
  }
  return out + rand;
}

export function ulid(time = Date.now()): string {
  return encode(time, randomBytes(10));
}

/**
 * `x-inngest-event-id-seed: <ms>,<base64 10 bytes>`: the n-th event (1-based) gets the seed's entropy
 * with its big-endian uint32 at bytes 6-9 incremented by n.
 */
export function ulidFromSeed(seed: string | undefined, index: number): string | undefined {
  if (!seed) return undefined;
  const [ms, b64] = seed.split(",");
  const time = Number(ms);
  if (!Number.isFinite(time) || !b64) return undefined;
  const entropy = Buffer.from(b64, "base64");
  if (entropy.length !== 10) return undefined;
  const counter = (entropy.readUInt32BE(6) + index + 1) >>> 0;
  entropy.writeUInt32BE(counter, 6);
  return encode(time, entropy);
}
