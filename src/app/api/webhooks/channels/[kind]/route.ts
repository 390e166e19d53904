import { handleRoute } from "@/lib/http/handle-route";
import { receiveChannelWebhook } from "@/lib/marketplaces/webhooks/receive-channel-webhook";
import { readWebhookBody } from "@/lib/webhooks/receive-webhook";

export const dynamic = "force-dynamic";

/** Shopee and TikTok Shop notifications: verified, deduplicated and enqueued; processed by process-channel-webhook. */
export const POST = handleRoute(async (request, { params }: { params: Promise<{ kind: string }> }) => {
  const rawBody = await readWebhookBody(request);
  const receipt = await receiveChannelWebhook((await params).kind, request, rawBody);
  return Response.json(receipt, { status: 200 });
});
