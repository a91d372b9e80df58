import type { ProxySettings } from '../platform/types';
import { splitFirefoxList, type BypassRules } from './bypass';

/**
 * Bypass lists as each browser hands them over. Chrome/Edge: `rules.bypassList`, an array
 * the browser already split on "," and ";" ("*.norm-uni.fr", "<local>", "10.0.0.0/8").
 * Firefox: `passthrough`, the `network.proxy.no_proxies_on` string, split on commas, spaces
 * and tabs (".norm-uni.fr, localhost"). How each entry matches: ./bypass.ts.
 */
export function parseBypassList(value: string | string[] | undefined, rules: BypassRules): string[] {
  if (Array.isArray(value))
    return value
      .flatMap((item) => item.split(/[,;]/))
      .map((item) => item.trim())
      .filter(Boolean);
  return rules === 'firefox' ? splitFirefoxList(value ?? '') : parseBypassList([value ?? ''], rules);
}

/** "127.0.0.2:3128" or "[::1]:3128" → its host. */
const hostOf = (server: string) => server.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');

interface ChromeProxyServer {
  scheme?: string;
  host: string;
  port?: number;
}
export interface ChromeProxyValue {
  mode: string;
  rules?: Record<string, ChromeProxyServer | string[] | undefined> & { bypassList?: string[] };
  pacScript?: { url?: string };
}
export interface FirefoxProxyValue {
  proxyType?: string;
  http?: string;
  ssl?: string;
  socks?: string;
  passthrough?: string;
  autoConfigUrl?: string;
}

const CHROME_MODES: Record<string, ProxySettings['mode']> = {
  direct: 'direct',
  system: 'system',
  fixed_servers: 'fixed',
  pac_script: 'pac',
  auto_detect: 'auto',
};
const FIREFOX_MODES: Record<string, ProxySettings['mode']> = {
  none: 'direct',
  system: 'system',
  manual: 'fixed',
  autoConfig: 'pac',
  autoDetect: 'auto',
};

/** proxy.settings of either browser, in one shape. */
export function readProxyValue(value: ChromeProxyValue | FirefoxProxyValue, levelOfControl: string): ProxySettings {
  if ('proxyType' in value) {
    const servers = (['http', 'ssl', 'socks'] as const).filter((k) => value[k]).map((k) => `${k} ${value[k]}`);
    return {
      mode: FIREFOX_MODES[value.proxyType ?? ''] ?? 'system',
      servers,
      proxyHosts: (['http', 'ssl', 'socks'] as const).filter((k) => value[k]).map((k) => hostOf(value[k]!)),
      bypass: parseBypassList(value.passthrough, 'firefox'),
      rules: 'firefox',
      ...(value.autoConfigUrl && value.proxyType === 'autoConfig' && { pacUrl: value.autoConfigUrl }),
      levelOfControl,
    };
  }
  const chrome = value as ChromeProxyValue;
  const servers = Object.entries(chrome.rules ?? {})
    .filter(([key]) => key !== 'bypassList')
    .map(([key, server]) => {
      const s = server as ChromeProxyServer;
      return `${key} ${s.scheme ?? 'http'} ${s.host}${s.port ? `:${s.port}` : ''}`;
    });
  return {
    mode: CHROME_MODES[chrome.mode] ?? 'system',
    servers,
    proxyHosts: Object.entries(chrome.rules ?? {})
      .filter(([key]) => key !== 'bypassList')
      .map(([, server]) => hostOf((server as ChromeProxyServer).host)),
    bypass: parseBypassList(chrome.rules?.bypassList, 'chromium'),
    rules: 'chromium',
    ...(chrome.pacScript?.url && { pacUrl: chrome.pacScript.url }),
    levelOfControl,
  };
}
