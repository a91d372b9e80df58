import type { DeviceTestRecord } from '../../devices/types';

/** Tests the user ran by hand, stored for the checks to read (they need a click: never run by a check). */

/** Result of the Firefox pop-up test: per app origin, what `window.open` without a gesture did. */
export interface PopupProbe {
  at: number;
  results: Record<string, string>;
}

export interface UserTests {
  /** Firefox: the last empirical pop-up test (user-triggered), per origin. */
  popupProbe(): Promise<PopupProbe | undefined>;
  /** The last device test (camera, microphone, speakers, call), run by the user on the device test page. */
  deviceTest(): Promise<DeviceTestRecord | undefined>;
}
