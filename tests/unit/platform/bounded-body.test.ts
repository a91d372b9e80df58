import { describe, expect, it } from 'vitest';
import { readBounded } from '../../../utils/platform/bounded';

/** A response whose body arrives in the given chunks, counting how many the reader pulled. */
function chunked(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[pulled];
      pulled += 1;
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  return { response: new Response(body, { headers }), pulled: () => pulled };
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readBounded (profileUrl body)', () => {
  it('joins the chunks and decodes UTF-8 split across them', async () => {
    const all = bytes('{"name":"Hôpital Nord"}');
    const split = all.indexOf(0xc3) + 1; // between the two bytes of "ô"
    const { response } = chunked([all.slice(0, split), all.slice(split)]);
    let aborted = false;
    expect(await readBounded(response, 1000, () => (aborted = true))).toEqual({ text: '{"name":"Hôpital Nord"}' });
    expect(aborted).toBe(false);
  });

  it('stops reading and aborts as soon as the body passes the bound, with no Content-Length', async () => {
    const chunk = new Uint8Array(400);
    const { response, pulled } = chunked([chunk, chunk, chunk, chunk, chunk, chunk]);
    let aborted = false;
    expect(await readBounded(response, 1000, () => (aborted = true))).toEqual({ tooLarge: true });
    expect(aborted).toBe(true);
    expect(pulled()).toBeLessThanOrEqual(4); // 3 chunks cross 1000 bytes (+1 the stream may pull ahead)
  });

  it('accepts a body of exactly the bound', async () => {
    const { response } = chunked([new Uint8Array(500).fill(0x20), new Uint8Array(500).fill(0x20)]);
    expect(await readBounded(response, 1000, () => undefined)).toEqual({ text: ' '.repeat(1000) });
  });

  it('refuses a declared Content-Length above the bound without reading the body', async () => {
    const { response, pulled } = chunked([bytes('{}')], { 'content-length': '5000000' });
    let aborted = false;
    expect(await readBounded(response, 1000, () => (aborted = true))).toEqual({ tooLarge: true });
    expect(aborted).toBe(true);
    expect(pulled()).toBeLessThanOrEqual(1);
  });
});
