/**
 * What the machine did during a measurement (Linux /proc, sampled every 50 ms by the bench's own
 * process): UDP datagrams dropped by the kernel because a socket's receive buffer was full (per
 * owner: coturn or the browser), and the whole machine's CPU (busiest second, % of one core, so
 * 200% is both cores of this machine). Prints figures, asserts nothing.
 */
import { cpus } from 'node:os';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { pids, processName, TICKS_PER_SECOND } from './processes';

export interface MachineSample {
  dropped: { coturn: number; browser: number };
  /** % of one core over the busiest 1 s of the sample (all cores: `cores` × 100). */
  busiestSecondCpu: number;
  cores: number;
}

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/**
 * socket inode → owner, from every process's open descriptors: 'coturn' for turnserver, else
 * 'browser' (during the bench the browser and coturn are the only UDP users on this machine).
 */
function owners(): Map<string, 'coturn' | 'browser'> {
  const map = new Map<string, 'coturn' | 'browser'>();
  for (const pid of pids()) {
    const owner = processName(pid) === 'turnserver' ? 'coturn' : 'browser';
    const fds = (() => {
      try {
        return readdirSync(`/proc/${pid}/fd`);
      } catch {
        return []; // gone, or not ours to read
      }
    })();
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode) map.set(inode, owner);
      } catch {
        // closed meanwhile
      }
    }
  }
  return map;
}

/** Every UDP socket's inode and kernel drop counter (/proc/net/udp, udp6: the last column). */
function udpDrops(): Map<string, number> {
  const drops = new Map<string, number>();
  for (const file of ['/proc/net/udp', '/proc/net/udp6'])
    for (const line of read(file).split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length >= 13) drops.set(cols[9]!, Number(cols[12]));
    }
  return drops;
}

/** Busy ticks (all cores) from /proc/stat: user, nice, system, irq, softirq, steal. */
function busyTicks(): number {
  const f = read('/proc/stat').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return f[0]! + f[1]! + f[2]! + f[5]! + f[6]! + f[7]!;
}

/** Starts sampling; `stop()` returns what happened since. Sockets opened meanwhile count from 0. */
export function sampleMachine(): { stop(): MachineSample } {
  // Owners are kept for sockets closed since (the probes', then the media path's), and /proc is
  // scanned again at most once per tick, only when a socket nobody was known to own appears.
  const owner = owners();
  const unknown = new Set<string>();
  const start = udpDrops();
  const latest = new Map(start);
  const cpu: { at: number; busy: number }[] = [];
  const tick = () => {
    const now = udpDrops();
    if ([...now.keys()].some((inode) => !owner.has(inode) && !unknown.has(inode))) {
      for (const [inode, who] of owners()) owner.set(inode, who);
      for (const inode of now.keys()) if (!owner.has(inode)) unknown.add(inode);
    }
    for (const [inode, drops] of now) latest.set(inode, drops);
    cpu.push({ at: performance.now(), busy: busyTicks() });
  };
  tick();
  const timer = setInterval(tick, 50);
  return {
    stop() {
      clearInterval(timer);
      tick();
      const dropped = { coturn: 0, browser: 0 };
      for (const [inode, drops] of latest) {
        const who = owner.get(inode);
        if (who) dropped[who] += drops - (start.get(inode) ?? 0);
      }
      // Busy ticks per second, over ticks per second of one core, in %.
      let busiest = 0;
      for (let i = 0, j = 0; i < cpu.length; i++) {
        while (j < cpu.length && cpu[j]!.at - cpu[i]!.at < 1000) j++;
        if (j < cpu.length)
          busiest = Math.max(
            busiest,
            ((cpu[j]!.busy - cpu[i]!.busy) * 1000 * 100) / TICKS_PER_SECOND / (cpu[j]!.at - cpu[i]!.at),
          );
      }
      return { dropped, busiestSecondCpu: Math.round(busiest), cores: cpus().length };
    },
  };
}
