import { handleRoute } from "@/lib/http/handle-route";
import { readWebhookBody, receiveWebhook } from "@/lib/webhooks/receive-webhook";

export const dynamic = "force-dynamic";

/** Shopify webhooks: verified, deduplicated and enqueued; processed by the process-webhook function. */
export const POST = handleRoute(async (request) => {
  const rawBody = await readWebhookBody(request);
  const receipt = await receiveWebhook(request, rawBody);
  return Response.json(receipt, { status: 200 });
});
