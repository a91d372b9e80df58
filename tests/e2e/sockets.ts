import { execFile } from 'node:child_process';

/** One UDP socket as `ss -uampn` shows it: its owner's process name and its receive buffer (bytes). */
export interface UdpSocket {
  process: string;
  receiveBuffer: number;
}

/** Parses `ss -uampn` (iproute2): a socket line with `users:(("name",…))`, then its `skmem:(…rbN…)` line. */
export function parseSs(output: string): UdpSocket[] {
  const sockets: UdpSocket[] = [];
  let owner: string | undefined;
  for (const line of output.split('\n')) {
    const user = /users:\(\("([^"]+)"/.exec(line);
    if (user) owner = user[1];
    const rb = /skmem:\(.*\brb(\d+)/.exec(line);
    if (rb && owner !== undefined) {
      sockets.push({ process: owner, receiveBuffer: Number(rb[1]) });
      owner = undefined;
    }
  }
  return sockets;
}

const ss = () =>
  new Promise<string>((resolve) => execFile('ss', ['-uampn'], (error, stdout) => resolve(error ? '' : stdout)));

/**
 * Samples this machine's UDP sockets every `everyMs` until `stop()`, which resolves every socket
 * seen (Linux, iproute2's `ss`; the e2e machine's browsers and coturn are the only UDP users).
 */
export function sampleUdpSockets(everyMs = 100): { stop(): Promise<UdpSocket[]> } {
  const seen: UdpSocket[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      seen.push(...parseSs(await ss()));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return seen;
    },
  };
}
