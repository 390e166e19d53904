/**
 * handleRoute for a Pages Router API route (Node's request and response, no Web Request): any
 * error is answered through the same mapper, and server errors are logged and reported first.
 * Only the Shopify webhook ingress is such a route (src/pages/api/webhooks/shopify.ts): it answers
 * hundreds of requests a second, and an App Router handler costs about twice the CPU per request
 * (docs/performance.md, section 4).
 */
import type { NextApiRequest, NextApiResponse } from "next";
import { failureAnswer } from "./handle-route";

type ApiHandler = (request: NextApiRequest, response: NextApiResponse) => Promise<void>;

export function handleApiRoute(handler: ApiHandler): ApiHandler {
  return async (request, response) => {
    try {
      await handler(request, response);
    } catch (error) {
      const { status, body, headers } = await failureAnswer(error, request.method, (request.url ?? "/").split("?")[0]!);
      for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
      response.status(status).json(body);
    }
  };
}

/**
 * What next/server's after() does with a promise, for a Pages API route (where after() is not
 * available): hands it to the hosting platform's waitUntil, found where Next finds it (the
 * `@next/request-context` a serverless platform sets), so the function lives until it settles.
 * Under `next start` there is none and the promise simply runs on in the process.
 */
export function waitUntil(promise: Promise<unknown>): void {
  const context = (globalThis as { [key: symbol]: { get?: () => { waitUntil?: (p: Promise<unknown>) => void } | undefined } })[
    Symbol.for("@next/request-context")
  ];
  context?.get?.()?.waitUntil?.(promise);
}
