// Record a HAR with Chromium through Playwright's recordHar, for tests/test_har_producers.py.
//
// usage: node record_har.js PLAYWRIGHT_CORE_DIR CHROMIUM PAGE_URL HAR_PATH
//
// Loads PAGE_URL in headless Chromium, waits until its script sets window.harDone (or fails
// with window.harError), then closes the context, which is when Playwright writes the HAR.
// playwright-core is loaded from PLAYWRIGHT_CORE_DIR, wherever npm installed it.
'use strict';

const [playwrightDir, executablePath, pageUrl, harPath] = process.argv.slice(2);
if (!harPath) {
  console.error('usage: node record_har.js PLAYWRIGHT_CORE_DIR CHROMIUM PAGE_URL HAR_PATH');
  process.exit(2);
}
const { chromium } = require(playwrightDir);

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function main() {
  const browser = await chromium.launch({ executablePath, args: ARGS, timeout: 60000 });
  try {
    const context = await browser.newContext({
      recordHar: { path: harPath, content: 'embed' },
      ignoreHTTPSErrors: true, // a proxy in front of the loopback servers presents its own certificate
    });
    const page = await context.newPage();
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 30000 });
    await page.waitForFunction(() => window.harDone === true || window.harError !== undefined, null, { timeout: 30000 });
    const error = await page.evaluate(() => window.harError);
    await context.close();
    if (error !== undefined) throw new Error(`page script failed: ${error}`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error && error.stack ? error.stack : String(error));
  process.exit(1);
});
