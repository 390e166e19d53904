import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";
import { requireSession } from "@/lib/http/require-session";
import { resolveShopDeadLetter } from "@/lib/dead-letters/manage-dead-letters";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Marks the dead letter resolved by the merchant: 200 { id, outcome: "resolved" }. */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  const { shop } = requireSession(request);
  const { id } = await params;
  await resolveShopDeadLetter(shop, id);
  return Response.json({ id, outcome: "resolved" });
});
