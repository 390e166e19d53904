/**
 * Chromium driven by playwright-core (no Playwright browser download): the e2e project's global
 * setup (tests/e2e/chromium-setup.ts) finds one, or installs Debian's. Each launch gets a fresh
 * profile directory, removed on close. Playwright refuses a --user-data-dir argument to launch(),
 * so the profile is given the way it accepts one: a persistent context, which is the one browser
 * context tests use (clear its cookies to sign out).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { inject } from "vitest";

/** The binary global setup found or installed. */
export const chromiumPath = (): string => inject("chromiumPath");

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * The context's User-Agent. Headless Chromium's own contains "HeadlessChrome", which isbot (used
   * by @shopify/shopify-api on the OAuth routes) takes for a bot: those routes answer 410 to it.
   */
  userAgent?: string;
}

/** What a desktop Chrome on Linux sends (no "Headless"): for pages that refuse bots. */
export const DESKTOP_CHROME_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const userDataDir = await mkdtemp(path.join(tmpdir(), "shopsync-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    viewport: { width: 1200, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
