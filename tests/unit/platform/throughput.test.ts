import { describe, expect, it } from 'vitest';
import { throughput } from '../../../utils/platform/webrtc/media-path';

/**
 * A data channel pair: what the sender sends joins its buffer; a channel that "drains" hands
 * the buffer to the receiver on the next timer turn (firing 'bufferedamountlow' like a browser),
 * a channel that never drains keeps it forever (a stalled relay).
 */
class FakeChannel extends EventTarget {
  bufferedAmount = 0;
  bufferedAmountLowThreshold = 0;
  sends = 0;
  constructor(
    private readonly peer: EventTarget | null,
    private readonly drains: boolean,
  ) {
    super();
  }
  send(data: Uint8Array): void {
    this.sends += 1;
    const wasEmpty = this.bufferedAmount === 0;
    this.bufferedAmount += data.byteLength;
    // The first message into an empty buffer schedules its drain (with whatever joins it meanwhile).
    if (!this.drains || !wasEmpty) return;
    setTimeout(() => {
      const amount = this.bufferedAmount;
      this.bufferedAmount = 0;
      this.dispatchEvent(new Event('bufferedamountlow'));
      this.peer?.dispatchEvent(Object.assign(new Event('message'), { data: new ArrayBuffer(amount) }));
    }, 1);
  }
}

const pair = (drains: boolean) => {
  const receiver = new EventTarget();
  return {
    sender: new FakeChannel(receiver, drains) as unknown as RTCDataChannel,
    receiver: receiver as RTCDataChannel,
  };
};

/** Counts timer turns while `work` runs: a loop that never yields lets none through. */
async function turnsDuring<T>(work: Promise<T>): Promise<{ turns: number; outcome: PromiseSettledResult<T> }> {
  let turns = 0;
  const tick = setInterval(() => (turns += 1), 1);
  const [outcome] = await Promise.allSettled([work]);
  clearInterval(tick);
  return { turns, outcome: outcome! };
}

describe('throughput', () => {
  it('stops with an error (not a 0 Mb/s figure) when the budget is shorter than the measurement', async () => {
    const { sender, receiver } = pair(false);
    const { outcome } = await turnsDuring(throughput(sender, receiver, 300, performance.now() + 100));
    expect(outcome.status).toBe('rejected');
    expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/deadline/);
  });

  it('on a buffer that never drains, yields to the event loop and reports that nothing arrived', async () => {
    const { sender, receiver } = pair(false);
    const { turns, outcome } = await turnsDuring(throughput(sender, receiver, 100, performance.now() + 5000));
    expect(outcome.status).toBe('rejected');
    expect(String((outcome as PromiseRejectedResult).reason)).toMatch(/no data received/);
    // One buffer's worth (64 KiB in 1,100-byte messages) was sent, then the sender waited instead of spinning.
    expect((sender as unknown as FakeChannel).sends).toBe(Math.ceil((64 * 1024) / 1100));
    expect(turns).toBeGreaterThan(0);
  });

  it('measures what the receiver got on a channel that drains', async () => {
    const { sender, receiver } = pair(true);
    const { turns, outcome } = await turnsDuring(throughput(sender, receiver, 100, performance.now() + 5000));
    expect(outcome.status).toBe('fulfilled');
    expect((outcome as PromiseFulfilledResult<number>).value).toBeGreaterThan(0);
    expect(turns).toBeGreaterThan(0);
  });
});
