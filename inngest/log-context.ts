/**
 * Inngest middleware that puts each function run and each step attempt in a log scope
 * (src/lib/log.ts withLogContext), so every line logged by src/lib code while a step runs says
 * which shop, sync run, Inngest run, function and step it belongs to, with no logger passed down.
 */
import { Middleware } from "inngest";
import { withLogContext, type LogContext } from "../src/lib/log";

function contextOf(ctx: { runId: string; event: { data?: unknown } }, fnId: string): LogContext {
  const data = (ctx.event.data ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value : undefined);
  return { fn: fnId, run: ctx.runId, shop: text(data.shopDomain), syncRun: text(data.syncRunId) };
}

export class LogContextMiddleware extends Middleware.BaseMiddleware {
  readonly id = "shopsync:log-context";

  override wrapFunctionHandler({ ctx, fn, next }: Middleware.WrapFunctionHandlerArgs): Promise<unknown> {
    return withLogContext(contextOf(ctx, fn.id()), () => next());
  }

  override wrapStepHandler({ ctx, fn, next, stepInfo }: Middleware.WrapStepHandlerArgs): Promise<unknown> {
    return withLogContext({ ...contextOf(ctx, fn.id()), step: stepInfo.options.id }, () => next());
  }
}
