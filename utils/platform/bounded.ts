/**
 * The body as text, read chunk by chunk and given up (the request aborted) as soon as it
 * exceeds `maxBytes`, whatever `Content-Length` says or does not say.
 */
export async function readBounded(
  response: Response,
  maxBytes: number,
  abort: () => void,
): Promise<{ text: string } | { tooLarge: true }> {
  const declared = Number(response.headers.get('content-length'));
  const reader = response.body?.getReader();
  if (declared > maxBytes) {
    abort();
    return { tooLarge: true };
  }
  if (!reader) return { text: '' };
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      abort();
      return { tooLarge: true };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { text: new TextDecoder().decode(bytes) };
}
