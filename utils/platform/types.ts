import type { HttpProbes } from './ports/http';
import type { RtcProbes } from './ports/rtc';
import type { BrowserSettings, QuickFixes } from './ports/settings';
import type { SystemFacts } from './ports/system';
import type { UserTests } from './ports/user-tests';

/**
 * The ports through which checks see the workstation, one per concern (./ports/), each with
 * the data shapes it returns. The real implementation (./browser.ts) is the only code that
 * touches browser.*, navigator.*, screen and friends. A check names the ports it uses
 * (`CheckContext<SystemFacts & HttpProbes>`), so its unit test's fake is those ports alone.
 */
export type * from './ports/history';
export type * from './ports/http';
export type * from './ports/rtc';
export type * from './ports/settings';
export type * from './ports/system';
export type * from './ports/user-tests';

/** Every port: what the wiring builds (createBrowserPlatform) and the run hub hands the checks. */
export type Platform = SystemFacts & BrowserSettings & QuickFixes & UserTests & HttpProbes & RtcProbes;
