import { describe, expect, it } from 'vitest';
import { classifyNetError } from '../../../utils/net/errors';

describe('network error classification', () => {
  it.each([
    ['net::ERR_NAME_NOT_RESOLVED', 'dns'],
    ['net::ERR_CONNECTION_REFUSED', 'refused'],
    ['net::ERR_CONNECTION_TIMED_OUT', 'timeout'],
    ['net::ERR_SSL_PROTOCOL_ERROR', 'tls'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'tls'],
    ['net::ERR_CONNECTION_RESET', 'reset'],
    ['net::ERR_EMPTY_RESPONSE', 'reset'],
    ['net::ERR_PROXY_CONNECTION_FAILED', 'proxy'],
    ['net::ERR_TUNNEL_CONNECTION_FAILED', 'proxy'],
    ['net::ERR_BLOCKED_BY_ADMINISTRATOR', 'blocked'],
    ['net::ERR_INTERNET_DISCONNECTED', 'unreachable'],
    ['net::ERR_ABORTED', 'aborted'],
    ['NS_ERROR_UNKNOWN_HOST', 'dns'],
    ['NS_ERROR_CONNECTION_REFUSED', 'refused'],
    ['NS_ERROR_NET_TIMEOUT', 'timeout'],
    ['NS_ERROR_NET_RESET', 'reset'],
    ['NS_ERROR_PROXY_CONNECTION_REFUSED', 'proxy'],
    ['NS_ERROR_UNKNOWN_PROXY_HOST', 'proxy'],
    ['SEC_ERROR_UNKNOWN_ISSUER', 'tls'],
    ['SSL received a record that exceeded the maximum permissible length.', 'tls'],
    ['NS_BINDING_ABORTED', 'aborted'],
    ['something new', 'other'],
  ])('%s → %s', (error, kind) => {
    expect(classifyNetError(error)).toBe(kind);
  });
});
