import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import type { BrowserName } from '../e2e/browsers';

/**
 * The browser's processes as Linux sees them (/proc), for the benches: the process that runs
 * the extension's background, its resident memory and its CPU time. Both browsers give an
 * extension its own process: Chromium starts its renderer with `--extension-process` (the
 * service worker and the offscreen document live there, and any extension page: close them
 * to measure the background alone); Firefox starts a content process of remote type
 * `extension`, named "WebExtensions" (the background page and the extension pages).
 */
/** Clock ticks per second of /proc's CPU times (USER_HZ). */
export const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const stat = (pid: number) => {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name in parentheses: state is field 3, ppid 4, utime 14, stime 15.
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
};

/** Every process id on the machine now. */
export const pids = () =>
  readdirSync('/proc')
    .filter((x) => /^\d+$/.test(x))
    .map(Number);

/** Every process under `root`, by parent id. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const pid of pids())
    try {
      parent.set(pid, Number(stat(pid)[1]));
    } catch {
      // Gone meanwhile.
    }
  const found: number[] = [];
  for (let level = [root]; level.length > 0;) {
    level = [...parent.entries()].filter(([, ppid]) => level.includes(ppid)).map(([pid]) => pid);
    found.push(...level);
  }
  return found;
}

const commandLine = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split(/[\0\s]+/)
      .filter(Boolean);
  } catch {
    return [];
  }
};

/** The process's name (`comm`), '' for a process gone. */
export const processName = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
};

/** The process that runs the extension's background, or undefined when none is found. */
export function extensionProcess(name: BrowserName, root: number): number | undefined {
  return descendants(root).find((pid) => {
    const words = commandLine(pid);
    if (name === 'chromium') return words.includes('--extension-process');
    // Firefox names the process after its remote type ("WebExtensions"), and its command line
    // ends with that type ("extension") where it rewrites it as one string.
    return processName(pid) === 'WebExtensions' || words.at(-1) === 'extension';
  });
}

/** Resident memory now and its peak over the process's life (VmRSS, VmHWM), in MB. */
export function residentMB(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) / 1000;
  return { rss: kB('VmRSS'), hwm: kB('VmHWM') };
}

/** CPU time used so far (user + system), in ms; 0 for a process gone. */
export function cpuMs(pid: number): number {
  try {
    const fields = stat(pid);
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time of the whole browser (the root and every process under it), in ms. */
export const browserCpuMs = (root: number) => [root, ...descendants(root)].reduce((sum, pid) => sum + cpuMs(pid), 0);
