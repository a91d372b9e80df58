import type { PageFacts, ScreenFacts, SystemFacts } from '../../platform/types';

/**
 * The best view of the primary screen: system.display (Chromium) knows the native panel
 * size and the OS scale factor; else window.screen and devicePixelRatio from the page
 * that started the run, with that page's own zoom taken out.
 */
export async function readScreen(platform: SystemFacts): Promise<ScreenFacts | undefined> {
  const fromSystem = await platform.screen();
  if (fromSystem) return fromSystem;
  return screenFromPage(platform.page());
}

export function screenFromPage(page: PageFacts): ScreenFacts | undefined {
  if (!page.screen || !page.devicePixelRatio) return undefined;
  const zoom = page.pageZoom && page.pageZoom > 0 ? page.pageZoom : 1;
  return {
    source: 'window.screen',
    width: page.screen.width,
    height: page.screen.height,
    scaleFactor: page.devicePixelRatio / zoom,
  };
}

/** Size in device pixels: the panel's native size when known, else CSS size × scale. */
export function devicePixels(screen: ScreenFacts): { width: number; height: number } {
  return {
    width: screen.nativeWidth ?? Math.round(screen.width * screen.scaleFactor),
    height: screen.nativeHeight ?? Math.round(screen.height * screen.scaleFactor),
  };
}
