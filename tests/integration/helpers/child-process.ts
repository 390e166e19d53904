import type { ChildProcess } from "node:child_process";

/** Sends `signal` unless the process already ended, and resolves once it has exited. */
export function signalAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}
