/** Runs one of the terminal scripts (dev/<cli>/main.ts) as `npm run` does, against a test stack's database and runner. */
import { spawn } from "node:child_process";
import path from "node:path";
import { testDatabaseUrl } from "./database";
import type { Stack } from "./stack";

const ROOT = path.resolve(import.meta.dirname, "../../..");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCliScript(script: string, stack: Stack, args: string[], timeoutMs: number): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "--import", "./dev/server-only/register.mjs", script, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: testDatabaseUrl(), INNGEST_DEV: stack.runner.url, INNGEST_BASE_URL: "" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
