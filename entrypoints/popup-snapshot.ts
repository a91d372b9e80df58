import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { paintSnapshot } from '../utils/platform/snapshot';

/**
 * Loaded by popup.html as a classic script right after its `#snapshot` element, so it runs
 * while the page is parsed, before the popup's modules: the last verdict is in the first frame.
 */
export default defineUnlistedScript(() => {
  paintSnapshot(document.getElementById('snapshot'));
});
