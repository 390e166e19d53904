/**
 * Inngest's documented limits (https://www.inngest.com/docs/usage-limits/inngest and pkg/consts in
 * github.com/inngest/inngest), and the errors Inngest fails a run with when one is exceeded.
 */
import type { SerializedError } from "./types.ts";

export const MIB = 1024 * 1024;

export interface Limits {
  /** Steps per run (DefaultMaxStepLimit). */
  maxSteps: number;
  /** One step's returned data (MaxStepOutputSize). */
  maxStepOutputBytes: number;
  /** Events + step results of a run (DefaultMaxStateSizeLimit). */
  maxStateBytes: number;
  /** One event's JSON (Inngest Cloud free plan 256 KiB; paid plans 3 MiB = AbsoluteMaxEventSize). */
  maxEventBytes: number;
  /** sleep / waitForEvent / invoke timeout ceiling (MaxSleepDuration, 366 days). */
  maxSleepMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxSteps: 1000,
  maxStepOutputBytes: 4 * MIB,
  maxStateBytes: 32 * MIB,
  maxEventBytes: 256 * 1024,
  maxSleepMs: 366 * 24 * 3600 * 1000,
};

/** Same shape as the Go executor's `state.StandardError{...}.Serialize(...)`. */
function standardError(name: string, message: string): SerializedError {
  return { error: `${name}: ${message}`, name, message };
}

export const stepLimitError = (limit: number): SerializedError =>
  standardError("InngestErrFunctionOverflowed", `The function run exceeded the step limit of ${limit} steps.`);

export const stateLimitError = (limit: number): SerializedError =>
  standardError("InngestErrStateOverflowed", `The function run exceeded the state size limit of ${limit} bytes.`);

/** Go's GeneratorOpcode.Validate: ErrStepOutputTooLarge ("step output size is greater than the limit"). */
export const stepOutputError = (limit: number): SerializedError =>
  standardError("InngestErrStepOutputTooLarge", `step output size is greater than the limit of ${limit} bytes`);

export const byteLength = (value: unknown): number => Buffer.byteLength(JSON.stringify(value ?? null), "utf8");
