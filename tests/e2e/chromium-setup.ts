/**
 * Global setup of the e2e project: finds a Chromium for playwright-core, or installs Debian's
 * when none is there, so `npm test` needs no manual step. Playwright's own browser download
 * (`npx playwright install`) cannot work on machines that reach only the npm registry and Debian's
 * packages; Debian's chromium can. Order: CHROMIUM_PATH, the usual install paths, then
 * `apt-get install chromium` (as root, or through passwordless sudo).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/** /usr/bin/chromium is Debian's shell wrapper (it prints a harmless error): the binary comes first. */
const CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

const isExecutable = (file: string): boolean => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) throw new Error(`CHROMIUM_PATH=${configured} is not an executable file`);
    return configured;
  }
  return CANDIDATES.find(isExecutable);
}

/** `[]` when we are root, `["sudo", "-n"]` when sudo works without a password, else undefined. */
function privilege(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  return spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0 ? ["sudo", "-n"] : undefined;
}

export function installChromium(): void {
  const prefix = privilege();
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (!hasApt || !prefix) {
    throw new Error(
      "The browser tests need Chromium and none was found (looked at CHROMIUM_PATH and " +
        `${CANDIDATES.join(", ")}). Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH ` +
        `to a Chromium or Chrome binary.${hasApt ? " apt-get needs root or passwordless sudo." : ""}`,
    );
  }
  console.log("Chromium not found: installing Debian's chromium for the browser tests (apt-get, about a minute, once per machine)");
  const run = (argv: string[]) => {
    const [command, ...args] = [...prefix, "env", "DEBIAN_FRONTEND=noninteractive", ...argv];
    execFileSync(command!, args, { stdio: ["ignore", "ignore", "inherit"] });
  };
  run(["apt-get", "update"]);
  run(["apt-get", "install", "-y", "chromium"]);
}

export default function setup(project: TestProject) {
  let found = findChromium();
  if (!found) {
    installChromium();
    found = findChromium();
    if (!found) throw new Error(`apt-get installed chromium, but none of ${CANDIDATES.join(", ")} exists`);
  }
  project.provide("chromiumPath", found);
}
