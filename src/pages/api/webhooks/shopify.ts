/**
 * Shopify webhooks: verified and stored in the inbox; applied in batches by the drain-webhooks function.
 *
 * A Pages Router API route, the app's only one: Shopify sends hundreds of deliveries a second in a
 * flash sale, and Next hands a Pages API route Node's own request and response, where an App Router
 * handler first builds a Web Request and streams a Web Response back, which costs about twice the
 * CPU per request (docs/performance.md, section 4). Everything past the HTTP layer is the same
 * src/lib code.
 */
import type { NextApiRequest, NextApiResponse } from "next";
import { handleApiRoute, waitUntil } from "@/lib/http/handle-api-route";
import { AppError } from "@/lib/errors";
import { nodeHeaders, readNodeWebhookBody, receiveWebhook } from "@/lib/webhooks/receive-webhook";

// The HMAC is over the body's exact bytes: Next must not parse it.
export const config = { api: { bodyParser: false } };

export default handleApiRoute(async (request: NextApiRequest, response: NextApiResponse) => {
  if (request.method !== "POST") throw new AppError("method_not_allowed", "webhooks are POSTed", { headers: { Allow: "POST" } });
  const rawBody = await readNodeWebhookBody(request);
  const { receipt, wake } = await receiveWebhook({ headers: nodeHeaders(request) }, rawBody);
  // The drain's wake-up goes out after the answer; a serverless platform keeps the function alive for it.
  if (wake) waitUntil(wake);
  response.status(200).json(receipt);
});
