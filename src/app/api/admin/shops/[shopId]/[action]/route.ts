import { CONSOLE_ACTIONS, runConsoleAction, type ConsoleAction } from "@/lib/admin/console-actions";
import { requireOperator } from "@/lib/admin/admin-session";
import { AppError } from "@/lib/errors";
import { handleRoute } from "@/lib/http/handle-route";
import { requireSameOrigin } from "@/lib/http/require-same-origin";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ shopId: string; action: string }> };

const isAction = (value: string): value is ConsoleAction => (CONSOLE_ACTIONS as readonly string[]).includes(value);

/** An operator's action on a shop: resync, pause, resume (operator session only). */
export const POST = handleRoute<Context>(async (request, { params }) => {
  requireSameOrigin(request);
  requireOperator(request);
  const { shopId, action } = await params;
  if (!isAction(action)) throw new AppError("not_found", `no action "${action}": use ${CONSOLE_ACTIONS.join(", ")}`);
  return Response.json({ action, ...(await runConsoleAction(shopId, action)) });
});
