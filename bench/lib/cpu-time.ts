/**
 * CPU seconds spent, as a figure that survives the shared machine's load (wall time does not):
 * this process (every thread) and a PostgreSQL cluster (the postmaster and its backends), read
 * from /proc. A pipeline whose Node and PostgreSQL CPU are both well under its wall time on a
 * quiet machine is waiting on itself, not working.
 */
import fs from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** utime + stime of one process, in seconds (0 when it is gone). */
function processCpuSeconds(pid: string): { parent: number; seconds: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // fields after the command name, which may itself contain spaces and parentheses
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { parent: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU seconds of the cluster in `dataDir` so far: its postmaster and the live children of it. */
export function postgresCpuSeconds(dataDir: string): number {
  const postmaster = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
  let seconds = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const cpu = processCpuSeconds(entry);
    if (cpu && (Number(entry) === postmaster || cpu.parent === postmaster)) seconds += cpu.seconds;
  }
  return seconds;
}

/** CPU seconds of this process, every thread. */
export const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
