// Audits each page with Lighthouse in one Chromium, one page after another, and writes what the test checks.
// Usage: node audit.mjs <folder lighthouse is installed in> <report.json> <url>...
// The desktop preset (simulated throttling: 40 ms round trips, 10 Mbit/s, no CPU slowdown) measures the page
// and its network chain rather than a shared machine's load.

import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const [installed, report, ...urls] = process.argv.slice(2);
const load = (module) => import(pathToFileURL(path.join(installed, 'node_modules', module)).href);
const { default: lighthouse } = await load('lighthouse/core/index.js');
const { default: desktop } = await load('lighthouse/core/config/desktop-config.js');
const { default: defaults } = await load('lighthouse/core/config/default-config.js');
const chromeLauncher = await load('chrome-launcher/dist/index.js');

// Only the audits a category's score weighs: the same four scores, without gathering and computing the rest
// (insights, diagnostics, screenshots, the back/forward cache test that navigates away and back).
const scored = [...new Set(Object.values(defaults.categories)
  .flatMap((category) => category.auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id)))];

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH,
  chromeFlags: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const pages = [];
try {
  for (const url of urls) {
    const started = Date.now();
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      disableFullPageScreenshot: true,
      onlyAudits: scored,
      // The pages draw what their requests bring while those are in flight: half a second of quiet after the load
      // (instead of a second each, three times) is enough to see every shift, and keeps the five under a minute.
      pauseAfterFcpMs: 500,
      pauseAfterLoadMs: 500,
      networkQuietThresholdMs: 500,
      cpuQuietThresholdMs: 500,
      skipAboutBlank: true,
    }, desktop);
    const lhr = result.lhr;
    const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, category]) => [id, category.score]));
    const audits = Object.values(lhr.audits);
    pages.push({
      url,
      seconds: (Date.now() - started) / 1000,
      runtimeError: lhr.runtimeError?.message ?? null,
      scores,
      metrics: {
        cls: lhr.audits['cumulative-layout-shift'].numericValue,
        fcp: lhr.audits['first-contentful-paint'].numericValue,
        lcp: lhr.audits['largest-contentful-paint'].numericValue,
        tbt: lhr.audits['total-blocking-time'].numericValue,
        si: lhr.audits['speed-index'].numericValue,
      },
      // What keeps a category below 1: the audits that count and did not pass.
      failing: audits
        .filter((audit) => audit.score !== null && audit.score < 0.9 && audit.scoreDisplayMode !== 'notApplicable')
        .map((audit) => `${audit.id} (${audit.score}): ${audit.displayValue ?? audit.title}`),
    });
  }
} finally {
  await chrome.kill();
}
await writeFile(report, JSON.stringify(pages, null, 2));
