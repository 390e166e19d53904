/**
 * Tags every Sentry event of a function run with the shop and, for syncs, the sync kind and run,
 * as route errors are tagged with the shop (src/lib/http/require-session.ts). It sits after
 * @inngest/middleware-sentry in the client's list, so it runs inside the isolation scope that
 * middleware opens for the request: the tags land on the events it captures for the run.
 */
import { Middleware } from "inngest";
import { tagFunctionRun } from "../src/lib/observability";

export class SentryTagsMiddleware extends Middleware.BaseMiddleware {
  readonly id = "shopsync:sentry-tags";

  override wrapFunctionHandler({ ctx, next }: Middleware.WrapFunctionHandlerArgs): Promise<unknown> {
    const data = (ctx.event.data ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === "string" ? value : undefined);
    tagFunctionRun({ shop: text(data.shopDomain), syncKind: text(data.kind), syncRun: text(data.syncRunId) });
    return next();
  }
}
