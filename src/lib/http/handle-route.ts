/**
 * Wraps a route handler: any error becomes a JSON error Response through the one mapper, and
 * server errors are reported (with the shop tag the handler set) before the answer leaves.
 */
import { toErrorBody } from "../errors";
import { log } from "../log";
import { flushReports, reportError } from "../observability";

type Handler<C> = (request: Request, context: C) => Promise<Response>;

export function handleRoute<C = unknown>(handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const { status, body, headers } = await failureAnswer(error, request.method, new URL(request.url).pathname);
      return Response.json(body, { status, headers });
    }
  };
}

/** The answer to a failed request (toErrorBody); a server error is logged and reported first. */
export async function failureAnswer(error: unknown, method: string | undefined, path: string): Promise<ReturnType<typeof toErrorBody>> {
  const answer = toErrorBody(error);
  if (answer.status >= 500) {
    log.error({ err: error, method, path }, "request failed");
    reportError(error);
    await flushReports();
  }
  return answer;
}
