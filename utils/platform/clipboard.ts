/** Copies text (needs the click that asked for it). */
export async function copyText(text: string): Promise<void> {
  await navigator.clipboard.writeText(text);
}

/** Offers `content` as a file download from an extension page. */
export function downloadFile(name: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Minutes east of UTC, for report timestamps. */
export const utcOffsetMinutes = () => -new Date().getTimezoneOffset();
