/**
 * Local Inngest runner: plays the Inngest dev server's part for the inngest@4 SDK, durably, with
 * state in Postgres. See docs/inngest-runner.md.
 */
export { startInngestRunner, DEFAULT_PORT, DEFAULT_SCHEMA, type InngestRunner, type InngestRunnerOptions } from "./runner.ts";
export { DEFAULT_LIMITS, type Limits } from "./limits.ts";
export type { RunDetail, RunSummary, StepView } from "./engine/queries.ts";
