/**
 * CEL for trigger `expression`, cancelOn / waitForEvent `if`, and flow-control keys, with @bufbuild/cel.
 * Inngest evaluates missing attributes as null rather than failing (pkg/expressions); cel-es returns an
 * error value instead, so an expression that errors is treated as "no match" and a key as null.
 */
import { celEnv, isCelError, parse, plan, type CelInput } from "@bufbuild/cel";

type Program = (bindings: Record<string, CelInput>) => unknown;
const env = celEnv();
const cache = new Map<string, Program>();

function compile(expression: string): Program {
  let program = cache.get(expression);
  if (!program) {
    program = plan(env, parse(expression)) as Program;
    if (cache.size > 5000) cache.clear();
    cache.set(expression, program);
  }
  return program;
}

/** JSON values as CEL input: plain objects and arrays pass through, `undefined` is dropped. */
function toInput(value: unknown): CelInput {
  return JSON.parse(JSON.stringify(value ?? null)) as CelInput;
}

export type CelVars = Record<string, unknown>;

function evaluate(expression: string, vars: CelVars): unknown {
  const bindings: Record<string, CelInput> = {};
  for (const [name, value] of Object.entries(vars)) bindings[name] = toInput(value);
  return compile(expression)(bindings);
}

/** Throws on a syntax error (Inngest rejects such functions at sync); runtime errors mean false. */
export function assertCompiles(expression: string): void {
  compile(expression);
}

export function evalBool(expression: string | undefined, vars: CelVars): boolean {
  if (!expression || expression.trim() === "") return true;
  try {
    return evaluate(expression, vars) === true;
  } catch {
    return false;
  }
}

/** A flow-control key as a string ("" when the expression errors or yields null). */
export function evalKey(expression: string | undefined, vars: CelVars): string {
  if (!expression) return "";
  try {
    const result = evaluate(expression, vars);
    if (result === null || result === undefined || isCelError(result)) return "";
    if (typeof result === "string") return result;
    if (typeof result === "bigint") return result.toString();
    if (typeof result === "number" || typeof result === "boolean") return String(result);
    return JSON.stringify(result, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  } catch {
    return "";
  }
}
