import type { FailureKind } from '../../net/errors';

/** Requests to the app's endpoints, as the browser makes them (http.ts). */

export interface HttpProbeRequest {
  url: string;
  timeoutMs: number;
}

export interface HttpProbeResult {
  url: string;
  /** A response arrived (any status). */
  ok: boolean;
  /** HTTP status, when the extension may read the response (host permission). */
  status?: number;
  latencyMs: number;
  /** Kind of failure, when no response arrived. */
  failure?: FailureKind;
  /** The browser's own error string (webRequest), when it tells one. */
  netError?: string;
  /** Address the connection went to (webRequest `ip`), when the browser tells it. */
  remoteIp?: string;
  /**
   * How the request left the browser, where the browser tells (Firefox's webRequest
   * `proxyInfo`): "direct" or "http 10.0.0.1:3128". Absent where it cannot be known (Chromium).
   */
  via?: string;
  /** The certificate chain the browser validated (Firefox's webRequest.getSecurityInfo), for HTTPS. */
  tls?: TlsFacts;
  /**
   * The answer was a redirect (3xx; never followed). `redirectTo` is its absolute target when
   * the browser shows it (webRequest, host permission); an opaque redirect has none.
   */
  redirected?: boolean;
  redirectTo?: string;
  /** Response headers that tell who answered (lower-case names): via, proxy-agent, x-squid-error, server. */
  headers?: Record<string, string>;
  /** HTTP Date header of the response, when readable. */
  date?: string;
  /** Local wall-clock time (epoch ms) when the response arrived. */
  receivedAt?: number;
}

export interface TlsFacts {
  /** Firefox's state: secure, weak, broken, insecure. */
  state: string;
  /** Subjects from the server's certificate to the root. */
  chain: string[];
  /** Subject of the root certificate. */
  root: string;
  /** The root is one the browser ships (a public authority), not one installed on this machine. */
  builtInRoot: boolean;
}

/** One load of the cache probe. Headers only when the extension may read the response. */
export interface CacheLoad {
  ok: boolean;
  ms: number;
  error?: string;
  status?: number;
  /** webRequest's `fromCache`, when the browser reported the request. */
  fromCache?: boolean;
  cacheControl?: string;
  expires?: string;
  date?: string;
  age?: string;
}

export interface CacheProbeResult {
  url: string;
  first: CacheLoad;
  /** Absent when the first load failed. */
  second?: CacheLoad;
  /** Firefox's browserSettings.cacheEnabled. */
  browserCacheEnabled?: boolean;
}

export interface HttpProbes {
  httpProbe(request: HttpProbeRequest): Promise<HttpProbeResult>;
  /** Loads a cacheable resource twice: was the second load served from the cache? */
  cacheProbe(request: HttpProbeRequest): Promise<CacheProbeResult>;
}
