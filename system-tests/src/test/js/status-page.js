// Opens the receiver's status page in headless Chromium (Debian's, driven by playwright-core), waits until it shows
// live figures and a lag chart with points, reads every element marked with data-testid, saves a full-page
// screenshot and prints one JSON object on stdout:
//   {"url":..., "title":..., "figures":{testid: text}, "charts":{testid: points}, "errors":[...], "screenshot":...,
//    "unreachable":{"banner":..., "health":...}, "unreachableScreenshot":...}
// where errors are the page's errors while the API answered, and unreachable what the page shows once the API does
// not answer any more (requests to /api/ are then refused inside the browser; the receiver keeps running).
// usage: node status-page.js --url URL --playwright DIR --chromium PATH --screenshot FILE --profile DIR [--timeout MS]
// (DIR holds node_modules/playwright-core, as bin/install-test-services installs it.)
'use strict';

const path = require('path');

function options(argv) {
  const parsed = { timeout: '30000' };
  for (let i = 2; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error('bad argument ' + argv[i]);
    }
    parsed[argv[i].substring(2)] = argv[i + 1];
  }
  for (const required of ['url', 'playwright', 'chromium', 'screenshot', 'profile']) {
    if (!parsed[required]) {
      throw new Error('--' + required + ' is required');
    }
  }
  return parsed;
}

async function main() {
  const opts = options(process.argv);
  const timeoutMs = Number(opts.timeout);
  const { chromium } = require(path.resolve(opts.playwright, 'node_modules', 'playwright-core'));
  const context = await chromium.launchPersistentContext(opts.profile, {
    executablePath: opts.chromium,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    timeout: timeoutMs
  });
  const errors = [];
  try {
    const page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => errors.push('page error: ' + e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') {
        errors.push('console: ' + m.text());
      }
    });
    page.on('requestfailed', (r) => errors.push('request failed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
    await page.goto(opts.url, { waitUntil: 'load', timeout: timeoutMs });
    await page.waitForFunction(() => {
      const text = (id) => {
        const node = document.querySelector('[data-testid="' + id + '"]');
        return node ? node.textContent.trim() : '';
      };
      const charts = [...document.querySelectorAll('svg[data-testid^="lag-chart-"]')];
      return text('last-refreshed') !== 'never' && /^\d+$/.test(text('link-epoch')) &&
        charts.length > 0 && charts.every((c) => Number(c.getAttribute('data-points')) > 0);
    }, null, { timeout: timeoutMs, polling: 200 });
    // One evaluation reads everything, so the figures come from one refresh.
    const read = await page.evaluate(() => {
      const figures = {};
      const charts = {};
      for (const node of document.querySelectorAll('[data-testid]')) {
        const id = node.getAttribute('data-testid');
        figures[id] = node.textContent.trim();
        if (node.hasAttribute('data-points')) {
          charts[id] = Number(node.getAttribute('data-points'));
        }
      }
      figures['error-banner.hidden'] = String(document.querySelector('[data-testid="error-banner"]').hidden);
      return { title: document.title, figures, charts };
    });
    await page.screenshot({ path: opts.screenshot, fullPage: true });
    const apiErrors = errors.length;

    // Then the API becomes unreachable for the page: the banner must say so, the headline must turn to down.
    await page.route('**/api/**', (route) => route.abort('connectionrefused'));
    await page.waitForFunction(() => !document.querySelector('[data-testid="error-banner"]').hidden, null,
      { timeout: timeoutMs, polling: 200 });
    const unreachable = await page.evaluate(() => ({
      banner: document.querySelector('[data-testid="error-banner"]').textContent.trim(),
      health: document.querySelector('[data-testid="health"]').textContent.trim()
    }));
    const unreachableShot = opts.screenshot.replace(/\.png$/, '') + '-unreachable.png';
    await page.screenshot({ path: unreachableShot, fullPage: false });
    process.stdout.write(JSON.stringify({ url: opts.url, title: read.title, figures: read.figures,
      charts: read.charts, errors: errors.slice(0, apiErrors), unreachable, screenshot: opts.screenshot,
      unreachableScreenshot: unreachableShot }) + '\n');
  } finally {
    await context.close();
  }
}

main().catch((e) => {
  process.stderr.write('status-page: ' + (e && e.stack ? e.stack : String(e)) + '\n');
  process.exit(1);
});
