/**
 * Hazard R22: what an error tells the browser. A server fault (500: configuration, undecryptable
 * secrets, internal) is answered with its code and a generic message, never its own message (key
 * ids, configuration hints); the full message goes to the log and error reports (handleRoute).
 * Client errors and upstream failures keep their message: it tells the merchant what to do.
 */
import { describe, expect, it } from "vitest";
import { AppError, toErrorBody } from "@/lib/errors";

describe("toErrorBody", () => {
  it.each([
    new AppError("secret_undecryptable", 'stored secret was encrypted with key "prod-2024", which ENCRYPTION_KEYS no longer lists'),
    new AppError("config_invalid", 'ENCRYPTION_KEYS: key "k1" must be <keyId>:<base64 of 32 bytes>'),
    new AppError("internal", "the connection string postgres://app:secret@db/prod was refused"),
  ])("answers a server fault ($code) without its message", (error) => {
    const { status, body } = toErrorBody(error);
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: error.code, message: "internal error" } });
  });

  it("keeps the message of a client error and of an upstream failure", () => {
    expect(toErrorBody(new AppError("not_found", "demo.myshopify.com is not installed")).body.error.message).toBe(
      "demo.myshopify.com is not installed",
    );
    expect(toErrorBody(new AppError("upstream_failed", "Shopify did not answer")).body.error.message).toBe("Shopify did not answer");
  });
});
