import { describe, expect, it } from "vitest";
import { createLogger, scrubSecrets, withLogContext } from "@/lib/log";

function capture(secrets: string[] = [], level = "debug") {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets, destination: { write: (line) => lines.push(line) } });
  return { logger, lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe("log", () => {
  it("redacts secret-named fields at the top and nested levels", () => {
    const { logger, lines } = capture();
    logger.info(
      {
        accessToken: "plain-access-value",
        session: { refreshToken: "plain-refresh-value", shop: "demo.myshopify.com" },
        request: { headers: { authorization: "Bearer plain-bearer-value" } },
      },
      "tokens in fields",
    );
    const text = lines.join("");
    expect(text).not.toMatch(/plain-(access|refresh|bearer)-value/);
    expect(text).toContain("demo.myshopify.com");
    expect(text).toContain("[Redacted]");
  });

  it("scrubs Shopify token shapes and configured secret values from messages and errors", () => {
    const secret = "configured-api-secret-value";
    const { logger, lines } = capture([secret]);
    const token = "shpat_0123456789abcdef0123456789abcdef";
    logger.error({ err: new Error(`refresh failed for shprt_deadbeefcafe with ${secret}`) }, `token ${token} refused`);
    const text = lines.join("");
    expect(text).not.toContain(token);
    expect(text).not.toContain("shprt_deadbeefcafe");
    expect(text).not.toContain(secret);
    expect(text).toContain("refused");
  });

  it("scrubSecrets leaves ordinary text alone", () => {
    expect(scrubSecrets("products page 3 of demo.myshopify.com", ["longer-secret-value"])).toBe("products page 3 of demo.myshopify.com");
  });

  it("adds the surrounding scope's shop, run and stage to every line, nested scopes merging", async () => {
    const { logger, parsed } = capture();
    await withLogContext({ shop: "demo.myshopify.com", syncRun: "run-1" }, async () => {
      logger.info("outer");
      await withLogContext({ step: "pages-products-0", stage: "products" }, async () => {
        await Promise.resolve();
        logger.info("inner");
      });
    });
    logger.info("outside");
    const [outer, inner, outside] = parsed();
    expect(outer).toMatchObject({ shop: "demo.myshopify.com", syncRun: "run-1", msg: "outer" });
    expect(inner).toMatchObject({ shop: "demo.myshopify.com", syncRun: "run-1", step: "pages-products-0", stage: "products" });
    expect(outside).not.toHaveProperty("shop");
  });

  it("honours the level", () => {
    const { logger, lines } = capture([], "warn");
    logger.info("quiet");
    logger.debug("quieter");
    logger.warn("heard");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "warn", msg: "heard" });
  });
});
