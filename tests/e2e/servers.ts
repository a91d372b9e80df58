import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Real servers on loopback for the end-to-end tests, each on free ports so runs never collide. */

/** A port free on both TCP and UDP (the kernel picks it; TURN listens on both). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createTcpServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
      server.on('error', reject);
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/** Sends a STUN Binding request over UDP; resolves true when a Binding success answers. */
export function stunAnswers(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const request = Buffer.concat([Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]), randomBytes(12)]);
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (ok: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(ok);
    };
    socket.on('message', (message) => finish(message.readUInt16BE(0) === 0x0101));
    socket.on('error', () => finish(false));
    socket.send(request, port, '127.0.0.1');
  });
}

const tcpAnswers = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

export interface Turn {
  port: number;
  stop(): Promise<void>;
  process: ChildProcess;
  /** Resolves at the first log line matching `pattern` (coturn logs every request it processes). */
  logged(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** A real coturn (TESTBED.md flags) with user test:test, on UDP and/or TCP. */
export async function startTurn(options: { udp?: boolean; tcp?: boolean; verbose?: boolean } = {}): Promise<Turn> {
  const { udp = true, tcp = true, verbose = false } = options;
  const dir = mkdtempSync(join(tmpdir(), 'readiness-turn-'));
  const port = await freePort();
  const relayBase = 50_000 + Math.floor(Math.random() * 150) * 100;
  const child = spawn(
    'turnserver',
    [
      '-n',
      '--listening-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--relay-ip=127.0.0.1',
      `--min-port=${relayBase}`,
      `--max-port=${relayBase + 99}`,
      '--lt-cred-mech',
      '--user=test:test',
      '--realm=test',
      '--no-tls',
      '--no-dtls',
      '--allow-loopback-peers',
      '--no-cli',
      '--fingerprint',
      '--log-file=stdout',
      '--simple-log',
      `--userdb=${join(dir, 'turn.db')}`,
      `--pidfile=${join(dir, 'turn.pid')}`,
      ...(udp ? [] : ['--no-udp']),
      ...(tcp ? [] : ['--no-tcp']),
      // Logs every request it processes (for `logged`).
      ...(verbose ? ['--verbose'] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    log += chunk;
    for (const wake of waiters) wake();
  });
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 5000;
  while (!(udp ? await stunAnswers(port) : await tcpAnswers(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`turnserver did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    process: child,
    logged: (pattern, timeoutMs = 30_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const line = log.split('\n').find((l) => pattern.test(l));
          if (!line) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(line);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`coturn never logged ${pattern}; its log ends with:\n${log.slice(-1500)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Http {
  port: number;
  stop(): Promise<void>;
}

/**
 * The test TLS files (tests/e2e/fixtures/tls/generate.sh): a leaf for every profile host name
 * the tests map to loopback, signed by a private root named like an antivirus's (its key is
 * thrown away). The browsers trust it in the tests only (browsers.ts).
 */
export const TLS_FIXTURES = {
  ca: fileURLToPath(new URL('fixtures/tls/ca.pem', import.meta.url)),
  cert: fileURLToPath(new URL('fixtures/tls/cert.pem', import.meta.url)),
  key: fileURLToPath(new URL('fixtures/tls/key.pem', import.meta.url)),
};

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
type AnyServer = Server | ReturnType<typeof createHttpServer> | ReturnType<typeof createHttpsServer>;

/** Listens on `host` (default: every loopback address, IPv4 and IPv6), on a port the kernel picks. */
async function serve(server: AnyServer, host = '::'): Promise<Http> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { port: (server.address() as { port: number }).port, stop: () => closeServer(server, sockets) };
}

/**
 * A real HTTPS server with the fixture certificate, any handler: every server standing
 * behind a profile host name (the extension asks host access over HTTPS only).
 */
export const startHttps = (handler: Handler): Promise<Http> =>
  serve(createHttpsServer({ cert: readFileSync(TLS_FIXTURES.cert), key: readFileSync(TLS_FIXTURES.key) }, handler));

/**
 * A plain HTTP server, for what the browser reaches by loopback address, not by a profile
 * host name: an update server, a profileUrl on 127.0.0.1 (allowed over http).
 */
export const startHttp = (handler: Handler): Promise<Http> => serve(createHttpServer(handler));

/**
 * A forward proxy on 127.0.0.2 (an address of its own, so the browser's evidence tells it
 * from the app). HTTPS goes through it as browsers send it, `CONNECT host:port`: it records
 * the target and tunnels to the same port on 127.0.0.1 (where the tests' servers listen).
 */
export async function startProxy(seen: string[]): Promise<Http> {
  const server = createHttpServer((req, res) => {
    seen.push(String(req.url));
    res.end('from the proxy');
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(String(req.url));
    const port = Number(new URL(`http://${req.url}`).port);
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });
  return serve(server, '127.0.0.2');
}

/**
 * A raw TCP service that is not HTTP(S): `answer` writes a banner and closes (like the
 * fixed-room service meeting a TLS hello), `silent` accepts and never says anything,
 * `http` answers whatever comes with a plain-HTTP 403 block page (as a filtering proxy would),
 * `reset` accepts, then resets the connection on the first bytes (as a filter does on a TLS hello).
 */
export function startRawTcp(mode: 'answer' | 'silent' | 'http' | 'reset'): Promise<Http> {
  const server = createTcpServer((socket) => {
    socket.on('error', () => undefined);
    if (mode === 'answer') socket.end('COVOTEM 1.0 READY\r\n');
    if (mode === 'http')
      socket.once('data', () =>
        socket.end(
          'HTTP/1.1 403 Forbidden\r\nServer: squid/5.7\r\nX-Squid-Error: ERR_ACCESS_DENIED 0\r\n' +
            'Content-Type: text/html\r\nContent-Length: 22\r\nConnection: close\r\n\r\n<h1>Access denied</h1>',
        ),
      );
    if (mode === 'reset') socket.once('data', () => socket.resetAndDestroy());
  });
  return serve(server);
}

function closeServer(server: AnyServer, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A black hole on one port, UDP and TCP: UDP datagrams are swallowed (no ICMP error) and
 * TCP connections are accepted and never answered, like a firewall that drops.
 */
export async function startBlackHole(): Promise<Http> {
  const port = await freePort();
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', resolve));
  udp.on('message', () => undefined);
  const sockets = new Set<Socket>();
  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  return {
    port,
    async stop() {
      udp.close();
      await closeServer(tcp, sockets);
    },
  };
}
