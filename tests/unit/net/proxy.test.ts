import { describe, expect, it } from 'vitest';
import { isBypassed, parseBypassList, readProxyValue } from '../../../utils/net/proxy';

describe('proxy bypass lists', () => {
  it.each([
    ['*.norm-uni.fr', 'www.norm-uni.fr', true],
    ['*.norm-uni.fr', 'norm-uni.fr.evil.com', false],
    ['.maincare.com', 'visioplex.maincare.com', true],
    ['maincare.com', 'visioplex2.maincare.com', true],
    ['https://www.norm-uni.fr:443', 'www.norm-uni.fr', true],
    ['www.norm-uni.fr', 'tlm.norm-uni.fr', false],
    ['<local>', 'intranet', true],
    ['<local>', 'www.norm-uni.fr', false],
    ['10.0.0.0/8', 'www.norm-uni.fr', false],
    ['*', 'anything.example', true],
  ])('%s exempts %s: %s', (entry, host, expected) => {
    expect(isBypassed([entry], host)).toBe(expected);
  });

  it('splits Firefox passthrough strings and keeps Chrome lists', () => {
    expect(parseBypassList('localhost, 127.0.0.1 .norm-uni.fr;')).toEqual(['localhost', '127.0.0.1', '.norm-uni.fr']);
    expect(parseBypassList(['<local>'])).toEqual(['<local>']);
    expect(parseBypassList(undefined)).toEqual([]);
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
      bypass: ['*.norm-uni.fr'],
      levelOfControl: 'not_controllable',
    });
  });

  it('Firefox manual and PAC modes', () => {
    expect(readProxyValue({ proxyType: 'manual', http: '127.0.0.2:3128', passthrough: 'localhost' }, 'x')).toEqual({
      mode: 'fixed',
      servers: ['http 127.0.0.2:3128'],
      bypass: ['localhost'],
      levelOfControl: 'x',
    });
    expect(readProxyValue({ proxyType: 'autoConfig', autoConfigUrl: 'http://wpad/proxy.pac' }, 'x')).toMatchObject({
      mode: 'pac',
      pacUrl: 'http://wpad/proxy.pac',
    });
    expect(readProxyValue({ mode: 'system' }, 'x').mode).toBe('system');
  });
});
