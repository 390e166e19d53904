import { describe, expect, it } from "vitest";
import { parseSyncArgs, UsageError } from "../../../dev/sync-cli/args";

describe("npm run sync arguments", () => {
  it("reads the shop, data types and flags", () => {
    expect(parseSyncArgs(["--shop", "Demo", "--data-type", "products, orders,products", "--dry-run", "--full"])).toEqual({
      shop: "demo.myshopify.com",
      resources: ["products", "orders"],
      dryRun: true,
      force: false,
      full: true,
    });
    expect(parseSyncArgs(["--shop=demo.myshopify.com", "--force"])).toEqual({
      shop: "demo.myshopify.com",
      resources: undefined,
      dryRun: false,
      force: true,
      full: false,
    });
    expect(parseSyncArgs(["--shop", "demo", "--data-type", "platform_push", "--dry-run"])).toMatchObject({
      resources: ["platform_push"],
      dryRun: true,
    });
    expect(parseSyncArgs(["--help"])).toBe("help");
  });

  it("refuses bad input with a sentence", () => {
    const message = (argv: string[]) => {
      try {
        parseSyncArgs(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error("accepted");
    };
    expect(message([])).toBe("--shop is required");
    expect(message(["--shop", "https://evil.example.com"])).toContain("is not a shop domain");
    expect(message(["--shop", "demo", "--data-type", "products,widgets,gadgets"])).toBe(
      'unknown data types "widgets", "gadgets": use one or more of products, orders, customers, inventory, platform_push',
    );
    expect(message(["--shop", "demo", "--data-type", ","])).toContain("needs one or more");
    expect(message(["--shop", "demo", "--verbose"])).toContain("--verbose");
  });
});
