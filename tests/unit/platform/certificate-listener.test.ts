import { describe, expect, it } from 'vitest';
import { certificateListener } from '../../../utils/platform/http';
import type { TlsFacts } from '../../../utils/platform/types';

const URL_ = 'https://portal.example.test/sync';
const chain = {
  state: 'secure',
  certificates: [
    { subject: 'CN=portal.example.test', issuer: 'CN=Hospital Inspection CA', isBuiltInRoot: false },
    { subject: 'CN=Hospital Inspection CA', issuer: 'CN=Hospital Inspection CA', isBuiltInRoot: false },
  ],
};

function setup() {
  const reads: string[] = [];
  const reported: (TlsFacts | undefined)[] = [];
  const listener = certificateListener(
    URL_,
    (requestId) => {
      reads.push(requestId);
      return Promise.resolve(chain);
    },
    (facts) => reported.push(facts),
  );
  return { listener, reads, reported };
}

describe('Firefox certificate listener', () => {
  it("returns undefined synchronously (never a promise Firefox would hold the request on) and reads the probe's chain", async () => {
    const { listener, reads, reported } = setup();
    expect(listener({ url: URL_, requestId: '7', tabId: -1 })).toBeUndefined();
    // getSecurityInfo was started during the listener call, while the request is in onHeadersReceived.
    expect(reads).toEqual(['7']);
    await Promise.resolve();
    await Promise.resolve();
    expect(reported).toEqual([
      {
        state: 'secure',
        chain: ['CN=portal.example.test', 'CN=Hospital Inspection CA'],
        root: 'CN=Hospital Inspection CA',
        builtInRoot: false,
      },
    ]);
  });

  it("ignores requests that are not the probe's: another URL of the host, or the user's own tab", async () => {
    const { listener, reads, reported } = setup();
    expect(listener({ url: 'https://portal.example.test/app', requestId: '8', tabId: -1 })).toBeUndefined();
    expect(listener({ url: URL_, requestId: '9', tabId: 3 })).toBeUndefined();
    await Promise.resolve();
    expect(reads).toEqual([]);
    expect(reported).toEqual([]);
  });

  it('a refused read reports nothing seen', async () => {
    const reported: (TlsFacts | undefined)[] = [];
    const listener = certificateListener(
      URL_,
      () => Promise.reject(new Error('not in onHeadersReceived')),
      (f) => reported.push(f),
    );
    expect(listener({ url: URL_, requestId: '1', tabId: -1 })).toBeUndefined();
    await new Promise((r) => setTimeout(r, 0));
    expect(reported).toEqual([undefined]);
  });
});
