import { describe, expect, it } from 'vitest';
import { parseBypassList, readProxyValue } from '../../../utils/net/proxy';

describe('bypass lists as each browser hands them over', () => {
  it('Firefox: one passthrough string split on commas, spaces and tabs, never on ";"', () => {
    expect(parseBypassList('localhost, 127.0.0.1\t.norm-uni.fr a;b', 'firefox')).toEqual([
      'localhost',
      '127.0.0.1',
      '.norm-uni.fr',
      'a;b',
    ]);
    expect(parseBypassList(undefined, 'firefox')).toEqual([]);
  });

  it('Chrome/Edge: the bypassList array, an item holding "," or ";" split as Chromium parses it', () => {
    expect(parseBypassList(['<local>', ' *.norm-uni.fr;.maincare.com '], 'chromium')).toEqual([
      '<local>',
      '*.norm-uni.fr',
      '.maincare.com',
    ]);
    expect(parseBypassList(undefined, 'chromium')).toEqual([]);
  });
});

describe('proxy settings of either browser in one shape', () => {
  it('Chrome fixed_servers with a bypass list', () => {
    expect(
      readProxyValue(
        {
          mode: 'fixed_servers',
          rules: { singleProxy: { scheme: 'http', host: '127.0.0.2', port: 3128 }, bypassList: ['*.norm-uni.fr'] },
        },
        'not_controllable',
      ),
    ).toEqual({
      mode: 'fixed',
      servers: ['singleProxy http 127.0.0.2:3128'],
      proxyHosts: ['127.0.0.2'],
      bypass: ['*.norm-uni.fr'],
      rules: 'chromium',
      levelOfControl: 'not_controllable',
    });
  });

  it('Firefox manual and PAC modes', () => {
    expect(
      readProxyValue({ proxyType: 'manual', http: '127.0.0.2:3128', ssl: '', passthrough: 'localhost' }, 'x'),
    ).toEqual({
      mode: 'fixed',
      servers: ['http 127.0.0.2:3128'],
      proxyHosts: ['127.0.0.2'],
      bypass: ['localhost'],
      rules: 'firefox',
      levelOfControl: 'x',
    });
    expect(readProxyValue({ proxyType: 'autoConfig', autoConfigUrl: 'http://wpad/proxy.pac' }, 'x')).toMatchObject({
      mode: 'pac',
      pacUrl: 'http://wpad/proxy.pac',
    });
    expect(readProxyValue({ mode: 'system' }, 'x').mode).toBe('system');
  });
});
