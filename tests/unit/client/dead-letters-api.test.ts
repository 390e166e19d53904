import { describe, expect, it } from "vitest";
import { deadLetterActionUrl, postDeadLetterAction } from "@/lib/client/dead-letters-api";

const answer = (status: number, body: unknown) => async () =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("dead-letter actions client", () => {
  it("posts to the action's URL and reads the outcome", async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify({ id: "a/b", outcome: "failed", error: "Product missing" }), { status: 200 });
    }) as typeof fetch;
    expect(await postDeadLetterAction("a/b", "retry", fetchImpl)).toEqual({ ok: true, outcome: "failed", error: "Product missing" });
    expect(calls[0]![0]).toBe("/api/dead-letters/a%2Fb/retry");
    expect(calls[0]![1]?.method).toBe("POST");
    expect(deadLetterActionUrl("x", "resolve")).toBe("/api/dead-letters/x/resolve");
  });

  it("turns error bodies and network failures into sentences", async () => {
    expect(
      await postDeadLetterAction(
        "x",
        "resolve",
        answer(409, { error: { code: "conflict", message: "this record was already resolved" } }) as typeof fetch,
      ),
    ).toEqual({
      ok: false,
      message: "this record was already resolved",
    });
    expect(await postDeadLetterAction("x", "resolve", (async () => new Response("oops", { status: 502 })) as typeof fetch)).toEqual({
      ok: false,
      message: "ShopSync answered 502.",
    });
    expect(await postDeadLetterAction("x", "retry", (async () => Promise.reject(new TypeError("offline"))) as typeof fetch)).toMatchObject({
      ok: false,
      message: expect.stringContaining("Could not reach"),
    });
  });
});
