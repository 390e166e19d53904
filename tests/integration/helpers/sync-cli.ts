/** `npm run sync` as a child process against a test stack (its runner, the test database). */
import { runCliScript, type CliResult } from "./cli-process";
import type { Stack } from "./stack";

export const runCli = (stack: Stack, args: string[], timeoutMs = 90_000): Promise<CliResult> =>
  runCliScript("dev/sync-cli/main.ts", stack, args, timeoutMs);
