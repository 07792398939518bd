// The HTML report and the Mermaid output, looked at in a real browser: Debian's Chromium
// (/usr/bin/chromium, or $CHROMIUM), driven by playwright-core (which downloads no browser).
// STREAMLINT_BIN names the binary to test (default target/debug/streamlint).
// UPDATE_SCREENSHOT=1 also writes the screenshot to docs/report.png.
// Run: cd tests/browser && npm ci && node --test   (see .ci/browser-test)

'use strict';
const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..', '..');
const bin = path.resolve(process.env.STREAMLINT_BIN || path.join(root, 'target/debug/streamlint'));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const out = path.join(__dirname, 'out');
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!fs.existsSync(chromiumPath)) {
  console.log(`SKIPPED: no Chromium at ${chromiumPath} (Debian: apt-get install chromium)`);
  process.exit(0);
}
fs.mkdirSync(out, { recursive: true });

function streamlint(args) {
  const r = spawnSync(bin, args, { cwd: root, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

/** Writes a report and opens it; collects console messages, page errors, dialogs and requests. */
async function open(reportArgs, name) {
  const { chromium } = require('playwright-core');
  const file = path.join(out, name);
  const r = streamlint(['report', ...reportArgs, '-o', file]);
  assert.ok(r.status === 0 || r.status === 1, `report exited ${r.status}: ${r.stderr}`);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const seen = { console: [], errors: [], dialogs: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', async (d) => { seen.dialogs.push(d.message()); await d.dismiss(); });
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith('file:') && !url.startsWith('data:')) seen.requests.push(url);
  });
  await page.goto('file://' + file, { waitUntil: 'load' });
  return { browser, page, seen, file };
}

function assertQuiet(seen) {
  assert.deepEqual(seen.console, [], 'console errors or warnings');
  assert.deepEqual(seen.errors, [], 'page errors');
  assert.deepEqual(seen.dialogs, [], 'dialogs (a stream text ran as script?)');
  assert.deepEqual(seen.requests, [], 'network requests');
}

test('the demo report opens with no console error and no request, and is screenshot', async () => {
  const { browser, page, seen } = await open(
    ['fixtures/demo', '--roster', 'fixtures/demo/roster.yaml'], 'demo.html');
  try {
    assert.equal(await page.title(), 'streamlint report: 0 errors, 0 warnings');
    assert.equal(await page.locator('h1').textContent(), 'streamlint report');
    assert.equal(await page.locator('section.stream svg[role="img"]').count(), 2);
    // Every picture has a title for screen readers.
    for (const t of await page.locator('section.stream svg > title').allTextContents()) {
      assert.match(t, /^Stream /);
    }
    const shot = path.join(out, 'report.png');
    await page.screenshot({ path: shot });
    if (process.env.UPDATE_SCREENSHOT === '1') {
      fs.copyFileSync(shot, path.join(root, 'docs', 'report.png'));
    }
    assert.ok(fs.statSync(shot).size > 10000, 'a screenshot with something in it');
    assertQuiet(seen);
  } finally {
    await browser.close();
  }
});

test('clicking a finding highlights every occurrence of its card; hostile texts stay text', async () => {
  const { browser, page, seen } = await open(['fixtures/graph', 'fixtures/demo'], 'findings.html');
  try {
    const link = page.locator('a[data-nodes]').first();
    const ids = (await link.getAttribute('data-nodes')).split(' ');
    assert.ok(ids.length >= 1);
    for (const id of ids) {
      assert.equal(await page.locator(`[id="${id}"]`).getAttribute('class').then((c) => c.includes('highlight')), false);
    }
    await link.click();
    for (const id of ids) {
      const cls = await page.locator(`[id="${id}"]`).getAttribute('class');
      assert.ok(cls.includes('highlight'), `${id} is highlighted after the click (${cls})`);
    }
    assert.equal(await page.locator('li.selected').count(), 1);
    // The hostile stream's name is shown as text, and no script from it exists.
    const heading = await page.locator('h2', { hasText: 'Hostile' }).textContent();
    assert.ok(heading.includes('<script>alert(1)</script>'), heading);
    assert.equal(await page.locator('script').count(), 1);
    await page.screenshot({ path: path.join(out, 'findings.png') });
    assertQuiet(seen);
  } finally {
    await browser.close();
  }
});

test('without JavaScript a finding still links to its card, and the page prints without scroll boxes', async () => {
  const { chromium } = require('playwright-core');
  const file = path.join(out, 'findings.html');
  assert.ok(fs.existsSync(file), 'written by the previous test');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const requests = [];
    page.on('request', (req) => { if (!/^(file|data):/.test(req.url())) requests.push(req.url()); });
    await page.goto('file://' + file);
    const link = page.locator('a[data-nodes]').first();
    const id = (await link.getAttribute('href')).slice(1);
    const stroke = () => page.locator(`[id="${id}"] rect.box`).evaluate((r) => getComputedStyle(r).stroke);
    assert.notEqual(await stroke(), 'rgb(9, 105, 218)');
    await link.click();
    assert.equal(await stroke(), 'rgb(9, 105, 218)', 'the :target card is highlighted');
    await page.emulateMedia({ media: 'print' });
    const overflow = await page.locator('.scroll').first().evaluate((d) => getComputedStyle(d).overflow);
    assert.equal(overflow, 'visible');
    assert.deepEqual(requests, []);
  } finally {
    await browser.close();
  }
});

test('every fixture stream renders with the Mermaid parser (mermaid-cli)', () => {
  const mmdc = path.join(__dirname, 'node_modules', '.bin', 'mmdc');
  assert.ok(fs.existsSync(mmdc), 'npm ci installs @mermaid-js/mermaid-cli');
  const all = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.(stream|flow)\.ya?ml$/.test(e.name)) all.push(rel);
    }
  })('fixtures');
  assert.ok(all.length > 40, `${all.length} fixture files`);
  for (const old of fs.readdirSync(out).filter((n) => n.startsWith('fixtures-rendered'))) {
    fs.unlinkSync(path.join(out, old));
  }
  let md = '# fixtures\n';
  let charts = 0;
  for (const f of all.sort()) {
    const r = streamlint(['graph', f]);
    if (r.stdout.startsWith('flowchart')) {
      md += `\n## ${f}\n\n\`\`\`mermaid\n${r.stdout}\`\`\`\n`;
      charts += 1;
    }
  }
  const input = path.join(out, 'fixtures.md');
  fs.writeFileSync(input, md);
  const r = spawnSync(mmdc, ['-p', path.join(__dirname, 'puppeteer.json'), '-i', input, '-o', path.join(out, 'fixtures-rendered.md')],
    { encoding: 'utf8', timeout: 300000 });
  assert.equal(r.status, 0, `mermaid-cli failed:\n${r.stdout}\n${r.stderr}`);
  const rendered = fs.readdirSync(out).filter((n) => /^fixtures-rendered-\d+\.svg$/.test(n));
  assert.equal(rendered.length, charts, 'one SVG per chart');
  // The validator does reject broken Mermaid (so its success above means something).
  const bad = path.join(out, 'bad.mmd');
  fs.writeFileSync(bad, 'flowchart TD\n  n0["a"b"]\n');
  const b = spawnSync(mmdc, ['-p', path.join(__dirname, 'puppeteer.json'), '-i', bad, '-o', path.join(out, 'bad.svg')],
    { encoding: 'utf8', timeout: 120000 });
  assert.notEqual(b.status, 0, 'mermaid-cli rejects an unescaped quote');
});
