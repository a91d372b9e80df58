/** What kind of network failure a browser error string names. */
export type FailureKind =
  'dns' | 'refused' | 'timeout' | 'tls' | 'reset' | 'proxy' | 'blocked' | 'unreachable' | 'aborted' | 'other';

const RULES: [RegExp, FailureKind][] = [
  // Chromium net:: errors (webRequest.onErrorOccurred `error`)
  [/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_DNS_/, 'dns'],
  [/ERR_PROXY_|ERR_TUNNEL_CONNECTION_FAILED|ERR_MANDATORY_PROXY/, 'proxy'],
  [/ERR_CONNECTION_REFUSED/, 'refused'],
  [/ERR_CONNECTION_TIMED_OUT|ERR_TIMED_OUT/, 'timeout'],
  [/ERR_SSL_|ERR_CERT_|ERR_BAD_SSL|ERR_TLS/, 'tls'],
  [
    /ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_ABORTED|ERR_INVALID_HTTP_RESPONSE/,
    'reset',
  ],
  [/ERR_BLOCKED_BY_/, 'blocked'],
  [/ERR_ADDRESS_UNREACHABLE|ERR_INTERNET_DISCONNECTED|ERR_NETWORK_CHANGED|ERR_NETWORK_ACCESS_DENIED/, 'unreachable'],
  [/ERR_ABORTED/, 'aborted'],
  // Firefox NS_ / SEC_ / SSL_ errors
  [/NS_ERROR_UNKNOWN_HOST/, 'dns'],
  [/NS_ERROR_PROXY_|NS_ERROR_UNKNOWN_PROXY_HOST/, 'proxy'],
  [/NS_ERROR_CONNECTION_REFUSED/, 'refused'],
  [/NS_ERROR_NET_TIMEOUT/, 'timeout'],
  [/SSL_ERROR_|SEC_ERROR_|MOZILLA_PKIX_ERROR_|NS_ERROR_NET_INADEQUATE_SECURITY/, 'tls'],
  [/NS_ERROR_NET_RESET|NS_ERROR_NET_INTERRUPT|NS_ERROR_NET_PARTIAL_TRANSFER|NS_ERROR_NET_EMPTY_RESPONSE/, 'reset'],
  [/NS_ERROR_OFFLINE|NS_ERROR_NET_UNREACHABLE/, 'unreachable'],
  [/NS_BINDING_ABORTED/, 'aborted'],
  // Firefox reports NSS failures by their message ("SSL received a record that exceeded…").
  [/\bSSL\b|\bTLS\b|certificate/i, 'tls'],
];

/** Classifies a Chromium `net::ERR_*` or Firefox `NS_ERROR_*` string. */
export function classifyNetError(error: string): FailureKind {
  return RULES.find(([pattern]) => pattern.test(error))?.[1] ?? 'other';
}
