import { render, type ComponentType } from 'preact';
import { t } from '../utils/platform/i18n';
import { keepSentSnapshots } from '../utils/platform/snapshot';
import './styles.css';

/** Renders a page's root component, with the page language set to the catalogue in use. */
export function mount(Root: ComponentType) {
  document.documentElement.lang = t('lang');
  // Extension pages do not substitute __MSG_…__ in HTML; the manifest does (toolbar tooltip).
  document.title = t('extName');
  render(<Root />, document.getElementById('app')!);
  keepSentSnapshots();
}
