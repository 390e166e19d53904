/**
 * One call request to the app's serve endpoint (protocol note §4) and the classification of its
 * answer (§7). The body never carries `ctx.fn_id`, which keeps the SDK in plain async mode (§9).
 */
import type { InngestEvent, Op, SerializedError } from "../types.ts";
import { canonicalize, signatureHeader } from "./signing.ts";

export interface CallRequest {
  functionUrl: string;
  stepId: string;
  runId: string;
  event: InngestEvent;
  events: InngestEvent[];
  steps: Record<string, unknown>;
  stack: string[];
  attempt: number;
  maxAttempts: number;
  disableImmediateExecution: boolean;
  signingKey?: string;
  timeoutMs: number;
}

export type CallResult =
  | { kind: "complete"; output: unknown }
  | { kind: "ops"; ops: Op[]; noRetry: boolean; retryAfter: string | null }
  | { kind: "error"; error: SerializedError; noRetry: boolean; retryAfter: string | null; status: number }
  /** Not an SDK answer (transport error, proxy page, 401): always retriable. */
  | { kind: "transport"; error: SerializedError };

export function callUrl(functionUrl: string, stepId: string): string {
  const url = new URL(functionUrl);
  url.searchParams.delete("deployId");
  url.searchParams.set("stepId", stepId);
  return url.toString();
}

export function buildBody(req: CallRequest): Record<string, unknown> {
  return {
    event: req.event,
    events: req.events,
    steps: req.steps,
    ctx: {
      run_id: req.runId,
      attempt: req.attempt,
      max_attempts: req.maxAttempts,
      disable_immediate_execution: req.disableImmediateExecution,
      use_api: false,
      env: "",
      step_id: req.stepId,
      stack: { stack: req.stack, current: req.stack.length },
    },
    use_api: false,
    version: 2,
  };
}

function asError(body: unknown, fallback: string): SerializedError {
  if (body && typeof body === "object" && "message" in body) {
    const b = body as Record<string, unknown>;
    return { ...b, name: typeof b.name === "string" ? b.name : "Error", message: String(b.message) };
  }
  return { name: "Error", message: typeof body === "string" && body ? body : fallback };
}

export async function callFunction(req: CallRequest): Promise<CallResult> {
  const body = canonicalize(buildBody(req));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-inngest-server-kind": "dev",
    "x-inngest-req-version": "2",
    "x-run-id": req.runId,
    "x-inngest-step-id": req.stepId,
  };
  if (req.signingKey) headers["x-inngest-signature"] = signatureHeader(body, req.signingKey);
  let res: Response;
  let text: string;
  try {
    res = await fetch(callUrl(req.functionUrl, req.stepId), {
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    return { kind: "transport", error: { name: "Error", message: `request to the app failed: ${(err as Error).message}` } };
  }
  if (!res.headers.get("x-inngest-sdk")) {
    return {
      kind: "transport",
      error: { name: "Error", message: `the app answered ${res.status} without x-inngest-sdk: ${text.slice(0, 300)}` },
    };
  }
  let parsed: unknown = null;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  const noRetry = res.headers.get("x-inngest-no-retry") === "true";
  const retryAfter = res.headers.get("retry-after");
  if (res.status === 200) return { kind: "complete", output: parsed };
  if (res.status === 206 && Array.isArray(parsed)) return { kind: "ops", ops: parsed as Op[], noRetry, retryAfter };
  return { kind: "error", error: asError(parsed, `the app answered ${res.status}`), noRetry, retryAfter, status: res.status };
}
