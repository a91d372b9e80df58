import { launch, waitForFinishedRun } from '/work/main/tests/e2e/browsers';
const name = (process.argv[2] ?? 'chromium') as 'chromium' | 'firefox';
const t0 = Date.now();
const h = await launch(name);
console.log('launched', Date.now() - t0);
const page = await h.openExtensionPage('popup.html');
page.on('console', (m) => console.log('console:', m.text()));
const overall = await waitForFinishedRun(page);
console.log('overall', overall, Date.now() - t0);
const rows = await page.$$eval('li.row', (els) =>
  els.map(
    (e) =>
      `${e.getAttribute('data-status')} ${e.getAttribute('data-check')}: ${e.querySelector('.message')?.textContent}`,
  ),
);
console.log(rows.join('\n'));
await page.screenshot({ path: `/tmp/popup-${name}.png`, fullPage: true });
await h.close();
