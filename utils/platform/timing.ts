/**
 * Performance marks the benchmark and the end-to-end tests read from the page
 * (performance.getEntriesByName). Marked on the next animation frame, i.e. once painted.
 */
export const MARKS = {
  /** The last verdict from the synchronous snapshot (utils/platform/snapshot.ts), before any module loads. */
  snapshotPainted: 'readiness:snapshot-painted',
  lastVerdictPainted: 'readiness:last-verdict-painted',
  freshVerdictPainted: 'readiness:fresh-verdict-painted',
  /** The device test page measured camera, microphone and speakers and shows the results. */
  devicesDone: 'readiness:devices-done',
} as const;

export function markPainted(name: string, detail: Record<string, string>): void {
  requestAnimationFrame(() => performance.mark(name, { detail }));
}

/** Runs `task` once the frame being prepared has been painted. */
export function afterNextPaint(task: () => void): void {
  requestAnimationFrame(() => setTimeout(task, 0));
}
