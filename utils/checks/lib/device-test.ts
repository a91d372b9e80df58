import { DEVICE_TEST_VALID_MS, type DeviceTestRecord, type SizeTrial } from '../../devices/types';
import type { CheckContext, Evidence, Outcome } from '../../engine/types';
import type { UserTests } from '../../platform/types';

/** The row's button that opens the device test page (the test needs the user: never run by itself). */
export const OPEN_DEVICE_TEST = { key: 'fix_test', page: 'devices' } as const;

/** `640×480` */
export const sizeText = (size: { width: number; height: number }) => `${size.width}×${size.height}`;

/** The profile's sizes, any one of which is enough (§2.1.3). */
export const requiredSizes = (ctx: CheckContext<unknown>) =>
  ctx.profile.devices.resolutions.map(([width, height]) => sizeText({ width, height })).join(', ');

/**
 * The last device test while it is recent (24 h, as the Firefox pop-up test), with its time
 * and age as evidence: a later run carries its results, saying how old they are.
 */
export async function recentDeviceTest(
  ctx: CheckContext<UserTests>,
): Promise<{ record: DeviceTestRecord; evidence: Evidence } | undefined> {
  const record = await ctx.platform.deviceTest();
  if (!record || ctx.now() - record.at >= DEVICE_TEST_VALID_MS || ctx.now() < record.at) return undefined;
  return {
    record,
    evidence: {
      testedAt: new Date(record.at).toISOString(),
      testAgeMinutes: Math.floor((ctx.now() - record.at) / 60_000),
    },
  };
}

/** The variants unusableDevice returns: a check calling it declares them all. */
type UnusableVariant =
  | 'denied'
  | 'none'
  | 'unavailable'
  | `fix_denied_${DeviceTestRecord['browser']}`
  | 'fix_plug'
  | 'fix_unavailable'
  | 'fix_test';

/**
 * A device the page could not use: refused (the browser's setting or an enterprise policy,
 * named for this browser), missing, or unavailable. Manual, never an error: a webcam and a
 * headset are optional (§2.1.3), and the row says what to do.
 */
export function unusableDevice(
  record: DeviceTestRecord,
  device: { access: string; error?: string; label?: string },
  evidence: Evidence,
  params: Record<string, string | number>,
): Outcome<UnusableVariant> {
  const manual = { unmetStatus: 'warn' as const };
  const full = { ...evidence, access: device.access, ...(device.error && { error: device.error }) };
  if (device.access === 'denied')
    return {
      status: 'manual',
      message: 'denied',
      params,
      evidence: full,
      fixes: [{ key: `fix_denied_${record.browser}`, params }, OPEN_DEVICE_TEST],
      manual,
    };
  if (device.access === 'none')
    return {
      status: 'manual',
      message: 'none',
      params,
      evidence: full,
      fixes: [{ key: 'fix_plug', params }, OPEN_DEVICE_TEST],
      manual,
    };
  return {
    status: 'manual',
    message: 'unavailable',
    params: { ...params, error: device.error ?? '' },
    evidence: full,
    fixes: [{ key: 'fix_unavailable', params }, OPEN_DEVICE_TEST],
    manual,
  };
}

/** One size tried, as a line of evidence: "native (resize-none): 640×480, 30 fps". */
export function trialLine(trial: SizeTrial): string {
  const verdict = trial.native === true ? 'native' : trial.native === false ? 'not native' : 'unproven';
  if (!trial.delivered) return `${trial.error ? 'not delivered' : verdict} (${trial.method})`;
  const fps = trial.delivered.frameRate ? `, ${Math.round(trial.delivered.frameRate)} fps` : '';
  return `${verdict} (${trial.method}): ${sizeText(trial.delivered)}${fps}`;
}
