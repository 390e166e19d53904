import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";

/**
 * An append-only JSONL journal of key-value changes, grouped in tables: one line per change,
 * `{"t":table,"k":key,"v":value}` to write a value (null is a value: "deleted", a tombstone) and
 * `{"t":table,"k":key,"forget":true}` to drop the key. Reading keeps the last line per key.
 *
 * Each change is written with one write(2) before the simulator answers the request that made
 * it, so a killed process (kill -9) loses nothing it acknowledged; a line torn by a power loss can
 * only be the last one, and is skipped. `compact()` rewrites the file with one line per live key
 * (to a temporary file, fsynced, then renamed over the journal), which keeps it as small as the
 * state it holds.
 *
 * One process at a time: a lock file holds the owner's pid; a lock left by a dead process is taken over.
 */
export type JournalTables = Map<string, Map<string, unknown>>;

interface Line {
  t: string;
  k: string;
  v?: unknown;
  forget?: true;
}

export const JOURNAL_FILE = "journal.jsonl";
const LOCK_FILE = "lock";

export class JournalLockedError extends Error {}

export class StateJournal {
  private fd: number | null = null;

  private constructor(
    readonly dir: string,
    readonly tables: JournalTables,
  ) {}

  /** Reads the journal in `dir` (created if missing) and takes its lock. Nothing is written until compact(). */
  static open(dir: string): StateJournal {
    mkdirSync(dir, { recursive: true });
    takeLock(path.join(dir, LOCK_FILE));
    const file = path.join(dir, JOURNAL_FILE);
    const tables: JournalTables = new Map();
    if (existsSync(file)) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((text, index) => {
        if (!text.trim()) return;
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch (error) {
          // Only the last line can be torn (a crash mid-write); anything else is a damaged file.
          if (index >= lines.length - 2) return;
          throw new Error(`${file} line ${index + 1} is not JSON; delete ${dir} to start over`, { cause: error });
        }
        apply(tables, line);
      });
    }
    return new StateJournal(dir, tables);
  }

  get file(): string {
    return path.join(this.dir, JOURNAL_FILE);
  }

  table(name: string): Map<string, unknown> {
    return this.tables.get(name) ?? new Map();
  }

  set(table: string, key: string, value: unknown): void {
    this.append({ t: table, k: key, v: value });
  }

  forget(table: string, key: string): void {
    if (!this.tables.get(table)?.has(key)) return;
    this.append({ t: table, k: key, forget: true });
  }

  /**
   * Rewrites the journal with one line per key that `keep` accepts (default: all), then appends
   * every later change to it.
   */
  compact(keep: (table: string, key: string, value: unknown) => boolean = () => true): void {
    this.closeFile();
    const lines: string[] = [];
    for (const [table, entries] of this.tables) {
      for (const [key, value] of entries) {
        if (keep(table, key, value)) lines.push(JSON.stringify({ t: table, k: key, v: value }));
        else entries.delete(key);
      }
    }
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, lines.length > 0 ? `${lines.join("\n")}\n` : "");
    const fd = openSync(temporary, "r+");
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, this.file);
    this.fd = openSync(this.file, "a");
  }

  /** Stops writing and releases the lock. */
  close(): void {
    this.closeFile();
    try {
      unlinkSync(path.join(this.dir, LOCK_FILE));
    } catch {
      // already gone (the directory was reset meanwhile)
    }
  }

  private append(line: Line): void {
    apply(this.tables, line);
    if (this.fd === null) return;
    writeSync(this.fd, `${JSON.stringify(line)}\n`);
  }

  private closeFile(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
  }
}

function apply(tables: JournalTables, line: Line): void {
  let entries = tables.get(line.t);
  if (!entries) {
    entries = new Map();
    tables.set(line.t, entries);
  }
  if (line.forget) entries.delete(line.k);
  else entries.set(line.k, line.v ?? null);
}

function takeLock(lockFile: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number(readFileSync(lockFile, "utf8").trim());
    if (owner && isAlive(owner)) {
      throw new JournalLockedError(
        `${path.dirname(lockFile)} is in use by another Shopify simulator (pid ${owner}); stop it, or give this one another state directory`,
      );
    }
    unlinkSync(lockFile); // left by a process that is gone
  }
  throw new JournalLockedError(`could not take the lock ${lockFile}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
