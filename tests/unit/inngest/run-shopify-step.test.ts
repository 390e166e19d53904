import { describe, expect, it } from "vitest";
import { runShopifyStep } from "../../../inngest/steps/run-shopify-step";
import { ShopifyAccessDeniedError, ShopifyRequestError } from "@/lib/shopify/shopify-errors";

const denied = () => Promise.reject(new ShopifyAccessDeniedError("demo.myshopify.com", "ACCESS_DENIED: customers", ["customers"]));

describe("runShopifyStep", () => {
  it("returns the work's value, wrapped only when a denial is an answer", async () => {
    expect(await runShopifyStep(async () => 42)).toBe(42);
    expect(await runShopifyStep(async () => 42, { deniedIsAnswer: true })).toEqual({ ok: 42 });
  });

  it("answers a denial of protected data when asked to, and throws it (so Inngest retries) otherwise", async () => {
    expect(await runShopifyStep(denied, { deniedIsAnswer: true })).toEqual({ denied: "ACCESS_DENIED: customers" });
    await expect(runShopifyStep(denied)).rejects.toBeInstanceOf(ShopifyAccessDeniedError);
  });

  it("lets any other failure throw as it is", async () => {
    const failing = () => Promise.reject(new ShopifyRequestError("502 from Shopify"));
    await expect(runShopifyStep(failing, { deniedIsAnswer: true })).rejects.toBeInstanceOf(ShopifyRequestError);
  });
});
