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

/** CPU seconds of one process so far (0 once it is gone). */
export const pidCpuSeconds = (pid: number): number => processCpuSeconds(String(pid))?.seconds ?? 0;

/**
 * Samples the CPU of the cluster in `dataDir` (its postmaster and every child: backends, the
 * autovacuum, the WAL writer) until stopped, and answers what it used meanwhile. Sampled every
 * 200 ms so that a backend which exits (a pool's idle connection) keeps the CPU it used up to its
 * last sample instead of taking it out of the sum.
 */
export function samplePostgresCpu(dataDir: string): { stop(): number } {
  const postmaster = Number(fs.readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  let started = false;
  const sample = () => {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const cpu = processCpuSeconds(entry);
      if (!cpu || (Number(entry) !== postmaster && cpu.parent !== postmaster)) continue;
      // a process born after the first sample started from nothing
      if (!first.has(entry)) first.set(entry, started ? 0 : cpu.seconds);
      last.set(entry, cpu.seconds);
    }
    started = true;
  };
  sample();
  const timer = setInterval(sample, 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      let seconds = 0;
      for (const [pid, end] of last) seconds += end - (first.get(pid) ?? 0);
      return seconds;
    },
  };
}

/** CPU seconds of this process, every thread. */
export const ownCpuSeconds = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

/** CPU seconds of this process's main thread alone (its JavaScript, and the GC work done on it). */
export const mainThreadCpuSeconds = (): number => {
  const stat = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
};
