import { describe, expect, it, vi } from 'vitest';

/** The browser events the background registers on, recorded (listeners by event). */
const fake = vi.hoisted(() => {
  const added: Record<string, ((...args: never[]) => void)[]> = {};
  const cleared: string[] = [];
  const event = (name: string) => ({
    addListener: (listener: (...args: never[]) => void) => (added[name] ??= []).push(listener),
  });
  const browser = {
    alarms: { onAlarm: event('alarm') },
    notifications: {
      onClicked: event('notification-click'),
      clear: async (id: string) => void cleared.push(id),
    },
    storage: { onChanged: event('storage') },
  };
  return { added, cleared, browser };
});
vi.mock('wxt/browser', () => ({ browser: fake.browser }));

import { listenForSchedule, NOTIFICATION_CLICKED } from '../../../utils/platform/schedule';

describe('schedule listeners', () => {
  it('the listener the browser calls on a notification click is the very handler the e2e test calls', async () => {
    const clicks: string[] = [];
    listenForSchedule({
      onAlarm: () => undefined,
      onNotificationClick: (id) => clicks.push(id),
      onSettingsChanged: () => undefined,
    });
    expect(fake.added['notification-click']).toHaveLength(1);
    const registered = fake.added['notification-click']![0] as unknown as (id: string) => void;
    expect(registered).toBe((globalThis as Record<string, unknown>)[NOTIFICATION_CLICKED]);
    registered('readiness-run-7');
    await Promise.resolve();
    expect(clicks).toEqual(['readiness-run-7']);
    expect(fake.cleared).toEqual(['readiness-run-7']);
  });
});
