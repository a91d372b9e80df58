import type { ProxySettings } from '../platform/types';

/**
 * Proxy bypass lists as browsers write them. Chrome: `bypassList` entries such as
 * "*.norm-uni.fr", "www.norm-uni.fr", "https://host:443", "<local>", "10.0.0.0/8";
 * Firefox: `passthrough`, one string split by commas or spaces (".norm-uni.fr, localhost").
 */
export function parseBypassList(value: string | string[] | undefined): string[] {
  const items = Array.isArray(value) ? value : (value ?? '').split(/[,;\s]+/);
  return items.map((item) => item.trim()).filter(Boolean);
}

/** Whether a bypass entry exempts this host name (CIDR ranges are not matched against names). */
export function bypasses(entry: string, host: string): boolean {
  const name = host.toLowerCase();
  let rule = entry.toLowerCase().replace(/^[a-z]+:\/\//, '');
  if (rule === '<local>') return !name.includes('.');
  if (rule === '*') return true;
  if (rule.includes('/')) return false;
  rule = rule.replace(/:\d+$/, '');
  if (rule.startsWith('*.')) return name.endsWith(rule.slice(1));
  if (rule.startsWith('.')) return name.endsWith(rule);
  // Chrome's "*foo.com" and Firefox's bare "norm-uni.fr" (which covers sub-domains too).
  if (rule.startsWith('*')) return name.endsWith(rule.slice(1));
  return name === rule || name.endsWith(`.${rule}`);
}

export const isBypassed = (list: string[], host: string) => list.some((entry) => bypasses(entry, host));

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
      bypass: parseBypassList(value.passthrough),
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
    bypass: parseBypassList(chrome.rules?.bypassList),
    ...(chrome.pacScript?.url && { pacUrl: chrome.pacScript.url }),
    levelOfControl,
  };
}
