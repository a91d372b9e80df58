/** Swallows the absence of an API (wrong browser, missing permission) as "not seen". */
export async function optional<T>(read: () => Promise<T> | undefined): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
