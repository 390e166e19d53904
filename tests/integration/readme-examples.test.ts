/**
 * Every example in README.md and docs/*.md marked runnable (a fence opened with "```sh runnable" or
 * "```console runnable") runs as written against a started stack: the app, the Shopify simulator
 * and the Inngest runner. Two things differ from a developer's machine and are substituted in the
 * text before it runs: the ports (the stack listens on free ones, not 3000, 4100 and 8288) and the
 * demo secret (the app runs in production mode here, which refuses the demo secret, so the test
 * secret stands in for it). `TOKEN` holds the simulator's demo access token, as the docs say.
 *
 * A `sh` block must exit 0 (its curls use --fail-with-body, so a 4xx fails it); a `console` block
 * runs its `$ ` lines and must print every other line it shows.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_APP_ENV } from "./helpers/app-server";
import { truncateAppTables } from "./helpers/database";
import { startStack, type Stack } from "./helpers/stack";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FILES = ["README.md", ...fs.readdirSync(path.join(ROOT, "docs")).map((name) => `docs/${name}`)].filter((file) =>
  file.endsWith(".md"),
);

interface Example {
  where: string;
  kind: "sh" | "console";
  text: string;
}

function examplesOf(file: string): Example[] {
  const source = fs.readFileSync(path.join(ROOT, file), "utf8");
  const found: Example[] = [];
  for (const match of source.matchAll(/^```(sh|console) runnable\n([\s\S]*?)^```$/gm)) {
    const line = source.slice(0, match.index).split("\n").length;
    found.push({ where: `${file}:${line}`, kind: match[1] as Example["kind"], text: match[2]! });
  }
  return found;
}

const EXAMPLES = FILES.flatMap(examplesOf);

/** Runs a bash script without blocking: the simulator and the runner answer from this process. */
function runBash(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stdout, stderr }));
  });
}

describe("README and docs examples", { timeout: 120_000 }, () => {
  let stack: Stack;
  let substitute: (text: string) => string;

  beforeAll(async () => {
    await truncateAppTables();
    stack = await startStack({ runnerSchema: "runner_readme_examples" });
    const host = (url: string) => new URL(url).host;
    substitute = (text) =>
      text
        .replaceAll("localhost:3000", host(stack.app.url))
        .replaceAll("localhost:4100", host(stack.sim.url))
        .replaceAll("localhost:8288", host(stack.runner.url))
        .replaceAll("shopsync-demo-secret", TEST_APP_ENV.SHOPIFY_API_SECRET);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("finds the runnable examples (README: webhook, runner event, simulator query, a bad env)", () => {
    expect(EXAMPLES.filter((example) => example.where.startsWith("README.md")).length).toBeGreaterThanOrEqual(4);
  });

  it.each(EXAMPLES.map((example) => [example.where, example] as const))("%s runs as written", async (_where, example) => {
    const env = { ...process.env, TOKEN: stack.sim.demoAccessToken };
    if (example.kind === "sh") {
      const result = await runBash(["-euo", "pipefail", "-c", substitute(example.text)], env);
      expect(result.status, `exit ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`).toBe(0);
      return;
    }
    const lines = example.text.split("\n").filter(Boolean);
    const commands = lines.filter((line) => line.startsWith("$ ")).map((line) => line.slice(2));
    const expected = lines.filter((line) => !line.startsWith("$ "));
    const result = await runBash(["-c", commands.map(substitute).join("\n")], env);
    const output = `${result.stdout}${result.stderr}`;
    for (const line of expected) expect(output, `"${line}" in the output of ${commands.join("; ")}`).toContain(line);
  });
});
