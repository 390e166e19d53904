import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { connectChannel, connectChannelSchema, shopChannels } from "@/lib/channels/manage-channels";

export const dynamic = "force-dynamic";

/** The shop's channels: id, kind, name, status, circuit state, last push, listing counts. */
export const GET = handleRoute(async (request) => {
  const { shop } = requireSession(request);
  return Response.json({ channels: await shopChannels(shop) });
});

/** Connect a channel: { kind, name, credentials, locationIds?, safetyBuffer? } -> 201 { id }. */
export const POST = handleRoute(async (request) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw new AppError("bad_request", "the request body is not JSON");
  }
  const { id } = await connectChannel(shop, connectChannelSchema.parse(body));
  return Response.json({ id }, { status: 201 });
});
