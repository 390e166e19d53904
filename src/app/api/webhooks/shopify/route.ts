import { after } from "next/server";
import { handleRoute } from "@/lib/http/handle-route";
import { readWebhookBody, receiveWebhook } from "@/lib/webhooks/receive-webhook";

export const dynamic = "force-dynamic";

/** Shopify webhooks: verified and stored in the inbox; applied in batches by the drain-webhooks function. */
export const POST = handleRoute(async (request) => {
  const rawBody = await readWebhookBody(request);
  const { receipt, wake } = await receiveWebhook(request, rawBody);
  // The drain's wake-up goes out after the answer; after() keeps a serverless function alive for it.
  if (wake) after(wake);
  return Response.json(receipt, { status: 200 });
});
