import type { QuickFixAction } from '../../engine/quickfix';

/** The browser's settings that matter to the app: read by checks (settings.ts), changed by Quick Fixes. */

export interface ProxySettings {
  /** direct; system (the OS settings, invisible here); fixed (servers below); pac (a script); auto (WPAD). */
  mode: 'direct' | 'system' | 'fixed' | 'pac' | 'auto';
  /** Proxy servers of the fixed mode, e.g. "http 10.0.0.1:3128". */
  servers: string[];
  /** Their host names or addresses alone ("10.0.0.1"), to recognise a request that reached one. */
  proxyHosts: string[];
  /** The bypass list, one entry per item, in the grammar of `rules`. */
  bypass: string[];
  /** Whose grammar the bypass list follows: the browser that returned these settings. */
  rules: 'chromium' | 'firefox';
  pacUrl?: string;
  levelOfControl: string;
}

export interface SettingState<T> {
  value: T;
  /** Who controls it (browser.types.LevelOfControl): an enterprise policy, an extension, the user. */
  levelOfControl: string;
}

/** Reads the browser's settings (settings.ts, browser.ts). */
export interface BrowserSettings {
  /** privacy.services.passwordSavingEnabled, with who controls it; undefined where absent. */
  passwordSaving(): Promise<SettingState<boolean> | undefined>;
  /** privacy.network WebRTC settings: IP-handling policy (both), peerConnectionEnabled (Firefox). */
  webrtcPolicy(): Promise<{ ipHandling?: SettingState<string>; peerConnectionEnabled?: SettingState<boolean> }>;
  /** pop-up content setting per URL (Chromium contentSettings); undefined where the browser has no such API. */
  popupSetting(url: string): Promise<'allow' | 'block' | undefined>;
  /** The browser's default zoom factor (tabs.getZoomSettings), undefined where not readable. */
  defaultZoom(): Promise<number | undefined>;
  /** Zoom factor of every open tab of these origins (1 = 100 %). */
  appTabZoom(origins: string[]): Promise<{ tabId: number; origin: string; zoom: number }[]>;
  /** The browser's proxy configuration (proxy.settings), undefined where it cannot be read. */
  proxySettings(): Promise<ProxySettings | undefined>;
}

/** Changes a setting for the user: the run hub's port, never a check's (a check only reads). */
export interface QuickFixes {
  /** Changes a setting (a Quick Fix). Throws with the browser's reason when refused. */
  applyQuickFix(action: QuickFixAction): Promise<void>;
}
