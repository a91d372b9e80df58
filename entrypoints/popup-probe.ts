import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';

/**
 * Firefox only. Injected (on the user's click) into a background tab of an app origin: asks
 * for a pop-up without a user gesture, exactly as the app would. Firefox's pop-up blocker
 * judges it by the origin of this page; `window.open` returns null when it blocks it.
 * An opened window is closed at once. The result is the executeScript result.
 */
export default defineUnlistedScript({
  include: ['firefox'],
  main(): 'allowed' | 'blocked' {
    const opened = window.open('about:blank', '_blank', 'popup,width=200,height=120');
    if (!opened) return 'blocked';
    opened.close();
    return 'allowed';
  },
});
