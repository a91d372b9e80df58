import { browser } from 'wxt/browser';
import { classifyNetError } from '../net/errors';
import { optional } from './optional';
import type { CacheLoad, CacheProbeResult, HttpProbeRequest, HttpProbeResult, TlsFacts } from './types';

interface RequestDetails {
  url: string;
  ip?: string;
  error?: string;
  fromCache?: boolean;
  statusCode?: number;
  redirectUrl?: string;
  responseHeaders?: { name: string; value?: string }[];
  /** Firefox only: null for a direct connection. */
  proxyInfo?: { type: string; host: string; port: number } | null;
}

/** Firefox tells how each request left ("direct" or through which proxy); Chromium does not. */
function via(details: RequestDetails | undefined): string | undefined {
  if (!details || details.proxyInfo === undefined) return undefined;
  const proxy = details.proxyInfo;
  return !proxy || proxy.type === 'direct' ? 'direct' : `${proxy.type} ${proxy.host}:${proxy.port}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A webRequest event may land just after fetch settles: wait for it, at most 300 ms. */
const shortly = <T>(event: Promise<T>): Promise<T | undefined> =>
  Promise.race([event, sleep(300).then(() => undefined)]);

/**
 * Waits for the webRequest event of one URL. Events fire only for hosts the extension has
 * permission for; elsewhere this simply never resolves and the probe stays unclassified.
 */
function watch(
  event: 'onErrorOccurred' | 'onResponseStarted' | 'onBeforeRedirect' | 'onHeadersReceived',
  url: string,
  extraInfoSpec?: string[],
) {
  let listener: ((details: RequestDetails) => void) | undefined;
  const seen = new Promise<RequestDetails>((resolve) => {
    listener = (details) => {
      if (details.url === url) resolve(details);
    };
    try {
      (browser.webRequest[event].addListener as (...args: unknown[]) => void)(
        listener,
        { urls: ['<all_urls>'] },
        ...(extraInfoSpec ? [extraInfoSpec] : []),
      );
    } catch {
      // No webRequest here: the probe stays unclassified.
    }
  });
  return {
    seen,
    stop: () => {
      try {
        if (listener) browser.webRequest[event].removeListener(listener as never);
      } catch {
        // Already gone.
      }
    },
  };
}

interface CertificateInfo {
  subject: string;
  issuer: string;
  isBuiltInRoot: boolean;
}
type SecurityInfoReader = (
  requestId: string,
  options: { certificateChain: boolean },
) => Promise<{ state: string; certificates: CertificateInfo[] }>;

/**
 * The onHeadersReceived listener reading the probe's own certificate chain: synchronous (it
 * returns nothing, so Firefox never holds a request on it), it ignores every request but the
 * probe's and starts getSecurityInfo while that request is in onHeadersReceived, as required.
 */
export function certificateListener(
  url: string,
  read: SecurityInfoReader,
  report: (facts: TlsFacts | undefined) => void,
): (details: { url: string; requestId: string; tabId?: number }) => undefined {
  return (details) => {
    if (details.url !== url || (details.tabId !== undefined && details.tabId !== -1)) return undefined;
    try {
      read(details.requestId, { certificateChain: true }).then(
        (info) => {
          const root = info.certificates[info.certificates.length - 1];
          report({
            state: info.state,
            chain: info.certificates.map((c) => c.subject),
            root: root?.subject ?? '',
            builtInRoot: root?.isBuiltInRoot === true,
          });
        },
        () => report(undefined),
      );
    } catch {
      report(undefined);
    }
    return undefined;
  };
}

/**
 * Firefox only: the certificate chain of one HTTPS request. getSecurityInfo may be called only
 * from a blocking onHeadersReceived listener; registered only while the probe runs, only for
 * requests made by the extension itself (tabId -1, never the user's tabs), and synchronous.
 */
function watchCertificates(url: string): { seen: Promise<TlsFacts | undefined>; stop(): void } {
  const webRequest = browser.webRequest as unknown as {
    getSecurityInfo?: SecurityInfoReader;
    onHeadersReceived: { addListener(...args: unknown[]): void; removeListener(listener: unknown): void };
  };
  const read = webRequest.getSecurityInfo;
  const target = new URL(url);
  if (target.protocol !== 'https:' || typeof read !== 'function')
    return { seen: Promise.resolve(undefined), stop: () => undefined };
  let listener: ReturnType<typeof certificateListener> | undefined;
  const seen = new Promise<TlsFacts | undefined>((resolve) => {
    listener = certificateListener(url, read, resolve);
    try {
      webRequest.onHeadersReceived.addListener(listener, { urls: [`https://${target.hostname}/*`], tabId: -1 }, [
        'blocking',
      ]);
    } catch {
      resolve(undefined);
    }
  });
  return {
    seen,
    stop: () => {
      try {
        webRequest.onHeadersReceived.removeListener(listener);
      } catch {
        // Already gone.
      }
    },
  };
}

/** The response headers that tell who answered: a proxy or filter names itself in these. */
const WHO_ANSWERED = ['via', 'proxy-agent', 'x-squid-error', 'server'];

function whoAnswered(details: RequestDetails | undefined, response: Response): Record<string, string> | undefined {
  const found: Record<string, string> = {};
  for (const name of WHO_ANSWERED) {
    const value =
      details?.responseHeaders?.find((h) => h.name.toLowerCase() === name)?.value ?? response.headers.get(name);
    if (value) found[name] = value;
  }
  return Object.keys(found).length ? found : undefined;
}

/** A redirect target as the user would read it: absolute, without this probe's own query parameter. */
function redirectTarget(location: string, probeUrl: string): string {
  try {
    const target = new URL(location, probeUrl);
    target.searchParams.delete('readiness-probe');
    return target.href;
  } catch {
    return location;
  }
}

async function mayReadResponse(url: URL): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [`${url.protocol}//${url.hostname}/*`] });
  } catch {
    return false;
  }
}

/**
 * One request to an endpoint, bounded by `timeoutMs`: did a response arrive, with which
 * status and from which address; else which kind of failure (from the browser's own error
 * string, when webRequest sees the host).
 */
export async function httpProbe({ url, timeoutMs }: HttpProbeRequest): Promise<HttpProbeResult> {
  const target = new URL(url);
  // A unique query makes the request ours alone in webRequest (and never cached).
  target.searchParams.set('readiness-probe', crypto.randomUUID());
  const probeUrl = target.href;
  const readable = await mayReadResponse(target);
  const errors = watch('onErrorOccurred', probeUrl);
  const responses = watch('onResponseStarted', probeUrl);
  const redirects = watch('onBeforeRedirect', probeUrl);
  const headers = watch('onHeadersReceived', probeUrl, ['responseHeaders']);
  const certificates = watchCertificates(probeUrl);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  const result: HttpProbeResult = { url, ok: false, latencyMs: 0 };
  try {
    const response = await fetch(probeUrl, {
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'manual',
      // Without host permission the response is opaque, but its arrival still proves reachability.
      mode: readable ? 'cors' : 'no-cors',
      signal: controller.signal,
    });
    result.latencyMs = Math.round(performance.now() - started);
    result.receivedAt = Date.now();
    result.ok = true;
    if (response.type !== 'opaque' && response.type !== 'opaqueredirect') result.status = response.status;
    const date = response.headers.get('date');
    if (date) result.date = date;
    void response.body?.cancel().catch(() => undefined);
    // A redirect (never followed: redirect 'manual') has no onResponseStarted, but onBeforeRedirect.
    const started2 = await shortly(Promise.race([responses.seen, redirects.seen]));
    if (started2?.ip) result.remoteIp = started2.ip;
    const route = via(started2);
    if (route) result.via = route;
    // onHeadersReceived comes before either: when neither came, webRequest does not see this host.
    const answer = started2 ? await shortly(headers.seen) : undefined;
    if (answer?.statusCode && result.status === undefined && response.type === 'opaqueredirect')
      result.status = answer.statusCode;
    const location = started2?.redirectUrl ?? answer?.responseHeaders?.find((h) => /^location$/i.test(h.name))?.value;
    if (
      response.type === 'opaqueredirect' ||
      (result.status !== undefined && result.status >= 300 && result.status < 400)
    ) {
      result.redirected = true;
      if (location) result.redirectTo = redirectTarget(location, probeUrl);
    }
    const who = whoAnswered(answer, response);
    if (who) result.headers = who;
    const tls = await shortly(certificates.seen);
    if (tls) result.tls = tls;
  } catch {
    result.latencyMs = Math.round(performance.now() - started);
    if (controller.signal.aborted) {
      result.failure = 'timeout';
    } else {
      const error = await shortly(errors.seen);
      if (error?.error) {
        result.netError = error.error;
        result.failure = classifyNetError(error.error);
      } else result.failure = 'other';
      if (error?.ip) result.remoteIp = error.ip;
      const route = via(error);
      if (route) result.via = route;
    }
  } finally {
    clearTimeout(timer);
    for (const watcher of [errors, responses, redirects, headers, certificates]) watcher.stop();
  }
  return result;
}

/** One load of a URL through the HTTP cache, as a page would load an app resource. */
async function cachedLoad(url: string, timeoutMs: number, readable: boolean): Promise<CacheLoad> {
  const responses = watch('onResponseStarted', url);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  try {
    const response = await fetch(url, {
      cache: 'default',
      credentials: 'omit',
      mode: readable ? 'cors' : 'no-cors',
      signal: controller.signal,
    });
    // The whole body, or the browser would not keep the entry.
    await response.arrayBuffer();
    const load: CacheLoad = { ok: true, ms: Math.round(performance.now() - started) };
    if (response.type !== 'opaque') {
      load.status = response.status;
      for (const [name, key] of [
        ['cache-control', 'cacheControl'],
        ['expires', 'expires'],
        ['date', 'date'],
        ['age', 'age'],
      ] as const) {
        const value = response.headers.get(name);
        if (value !== null) load[key] = value;
      }
    }
    const details = await shortly(responses.seen);
    if (details?.fromCache !== undefined) load.fromCache = details.fromCache;
    return load;
  } catch (error) {
    return {
      ok: false,
      ms: Math.round(performance.now() - started),
      error: controller.signal.aborted ? 'timeout' : String(error),
    };
  } finally {
    clearTimeout(timer);
    responses.stop();
  }
}

/**
 * Loads a cacheable app resource twice, the way a page would, and reports whether the
 * browser served the second load from its cache (webRequest `fromCache`), with the headers
 * that made it cacheable. Firefox also says whether its cache is enabled at all.
 */
export async function cacheProbe({ url, timeoutMs }: HttpProbeRequest): Promise<CacheProbeResult> {
  const readable = await mayReadResponse(new URL(url));
  const first = await cachedLoad(url, timeoutMs, readable);
  const second = first.ok ? await cachedLoad(url, timeoutMs, readable) : undefined;
  const settings = (
    browser as unknown as { browserSettings?: { cacheEnabled?: { get(d: object): Promise<{ value: boolean }> } } }
  ).browserSettings;
  const enabled = await optional(async () => (await settings?.cacheEnabled?.get({}))?.value);
  return { url, first, ...(second && { second }), ...(enabled !== undefined && { browserCacheEnabled: enabled }) };
}
