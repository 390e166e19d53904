/**
 * Log lines of the dev stand-ins (Inngest runner, Shopify simulator): pino JSON on stdout at
 * LOG_LEVEL, like the app's, each line named by its process. They stay outside src/lib/log.ts
 * (and its server-only env module) so the stand-ins run under plain tsx.
 */
import pino, { type Logger } from "pino";

const LEVELS = ["debug", "info", "warn", "error"];

export function createDevLogger(name: string): Logger {
  // The stand-ins read their own env (src/lib/env.ts is the app's).
  const wanted = process.env.LOG_LEVEL?.trim() || "info";
  return pino({
    name,
    level: LEVELS.includes(wanted) ? wanted : "info",
    base: null,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}
