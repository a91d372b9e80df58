import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { attribute, decodeOtlpJson, LOGS_REQUEST, METRICS_REQUEST } from '../otlp-proto';

/**
 * A local OTLP/HTTP receiver on loopback, as a collector's OTLP HTTP receiver with CORS
 * behaves: preflight answered for the allowed origins, `/v1/logs` and `/v1/metrics` decoded
 * with the official protobuf definitions (tests/otlp-proto.ts): a body that is not exactly
 * valid OTLP JSON is answered 400 and recorded as a failure. `respond` decides each answer
 * (e.g. 429 with Retry-After, 401, 503); `down()` closes the port (connection refused).
 */
export interface Received {
  path: '/v1/logs' | '/v1/metrics';
  at: number;
  bytes: number;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  status: number;
}

export interface Receiver {
  port: number;
  url: string;
  /** Every request that reached a handler (decoded when it was valid OTLP). */
  received: Received[];
  /** Bodies that were not valid OTLP JSON (each with the reasons): must stay empty. */
  invalid: string[];
  /** Every request, preflights included. */
  requests: { method: string; path: string; origin?: string; at: number }[];
  /** Sets the answer to the next OTLP requests (default 200), from the path, the request's number and what it carries. */
  respond: (
    decide: (
      path: string,
      count: number,
      request: { bytes: number; runIds: string[]; headers: IncomingMessage['headers'] },
    ) => { status: number; headers?: Record<string, string> },
  ) => void;
  /** Run ids delivered (200) in LogRecords, in order, duplicates kept. */
  deliveredRunIds(): string[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  port?: number;
  /** Origins allowed by CORS (the collector's `cors.allowed_origins`); `moz-extension://*` style wildcards. */
  allowedOrigins?: string[];
  /** Headers allowed by CORS beyond the defaults (the collector's `cors.allowed_headers`). */
  allowedHeaders?: string[];
  /** Expose Retry-After to the page (Access-Control-Expose-Headers): a proxy in front of the collector can. */
  exposeRetryAfter?: boolean;
}

const matches = (origin: string, pattern: string) => {
  const [head, tail] = pattern.split('*');
  return tail === undefined ? origin === pattern : origin.startsWith(head!) && origin.endsWith(tail);
};

export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const allowed = options.allowedOrigins ?? ['chrome-extension://*', 'moz-extension://*'];
  const received: Received[] = [];
  const invalid: string[] = [];
  const requests: Receiver['requests'] = [];
  let decide: Parameters<Receiver['respond']>[0] = () => ({ status: 200 });
  let count = 0;

  const cors = (req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    if (!origin || !allowed.some((p) => matches(origin, p))) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    if (options.exposeRetryAfter !== false) res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    return true;
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0]!;
    requests.push({ method: req.method ?? '', path, origin: req.headers.origin, at: Date.now() });
    const allowedOrigin = cors(req, res);
    if (req.method === 'OPTIONS') {
      if (allowedOrigin) {
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader(
          'Access-Control-Allow-Headers',
          ['Content-Type', ...(options.allowedHeaders ?? ['Authorization'])].join(', '),
        );
        res.setHeader('Access-Control-Max-Age', '7200');
      }
      res.writeHead(204).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || (path !== '/v1/logs' && path !== '/v1/metrics')) {
        res.writeHead(404).end();
        return;
      }
      let body: Record<string, unknown>;
      try {
        body = decodeOtlpJson(path === '/v1/logs' ? LOGS_REQUEST : METRICS_REQUEST, text);
      } catch (error) {
        invalid.push(`${path}: ${(error as Error).message}`);
        res.writeHead(400).end();
        return;
      }
      const answer = decide(path, ++count, { bytes: text.length, runIds: runIdsOf(body), headers: req.headers });
      received.push({ path, at: Date.now(), bytes: text.length, headers: req.headers, body, status: answer.status });
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(answer.status < 300 ? '{}' : JSON.stringify({ code: answer.status, message: 'test receiver' }));
    });
  };

  let server = createServer(handler);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
  const port = await listen(options.port ?? 0);
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    received,
    invalid,
    requests,
    respond: (next) => {
      decide = next;
    },
    deliveredRunIds: () =>
      received
        .filter((r) => r.path === '/v1/logs' && r.status >= 200 && r.status < 300)
        .flatMap((r) => runIdsOf(r.body)),
    down: stop,
    up: async () => {
      server = createServer(handler);
      await listen(port);
    },
    close: stop,
  };
}

/** The run ids of a decoded request's LogRecords (none in a metrics request). */
export const runIdsOf = (body: Record<string, unknown>): string[] =>
  logRecords(body)
    .map((record) => attribute(record.attributes, 'readiness.run.id'))
    .filter((id): id is string => id !== undefined);

type DecodedRecord = { attributes?: { key: string; value: Record<string, unknown> }[]; [key: string]: unknown };

/** Every LogRecord of a decoded ExportLogsServiceRequest, with its resource attributes alongside. */
export function logRecords(body: Record<string, unknown>): (DecodedRecord & { resource: DecodedRecord })[] {
  const resourceLogs = (body.resourceLogs ?? []) as {
    resource?: DecodedRecord;
    scopeLogs?: { logRecords?: DecodedRecord[] }[];
  }[];
  return resourceLogs.flatMap((rl) =>
    (rl.scopeLogs ?? []).flatMap((sl) => (sl.logRecords ?? []).map((r) => ({ ...r, resource: rl.resource ?? {} }))),
  );
}
