/**
 * One error class for the app and one mapper to HTTP: route handlers throw AppErrors, and
 * toErrorBody (used by handleRoute) maps any error to a status and JSON body: zod issues become
 * 400 with field paths; anything unknown becomes a generic 500, reported and never echoed, and so
 * does the message of a 500-class AppError (only its code is answered).
 */
import "server-only";
import { ZodError } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  config_invalid: 500,
  secret_undecryptable: 500,
  shopify_auth_failed: 502,
  upstream_failed: 502,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; details?: unknown; headers?: Record<string, string> } = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: { path: string; message: string }[]; details?: unknown };
}

export function toErrorBody(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof AppError && error.status === 500) {
    // A server fault's message is for the operator (key ids, configuration hints): the log and
    // the error report have it (handleRoute); the browser gets the code.
    return { status: 500, body: { error: { code: error.code, message: "internal error" } }, headers: error.headers };
  }
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details } },
      headers: error.headers,
    };
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join(".") || "(root)", message: issue.message }));
    return { status: 400, body: { error: { code: "validation_failed", message: "request failed validation", issues } } };
  }
  return { status: 500, body: { error: { code: "internal", message: "internal error" } } };
}
