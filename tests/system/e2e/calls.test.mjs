// Webhooks → live panel → calls table without a reload; transcript search; CSV export; call detail;
// analytics charts. In Chromium against the real binary; the webhook bodies are the VAPI examples
// with fresh call ids, times moved to now, and the user's webhook URL and secret from the settings page.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import {
  capabilities,
  DESKTOP,
  EXAMPLE_ORG_ID,
  freshen,
  launchBrowser,
  loadExample,
  missing,
  overflowingElements,
  PHONE,
  postWebhook,
  signUpInBrowser,
  snap,
  startStack,
  uniqueEmail,
} from './harness.mjs';

// A word that appears in no generated call, put into the transcript of the call under test.
const SEARCH_WORD = 'flamingoquartz';

describe('calls: live webhooks, search, export, analytics', { timeout: 240_000 }, () => {
  let stack;
  let browser;
  let page;
  let caps;
  let hook = null; // { url, secret }
  let liveCallId = null; // vapi_<uuid> of the call followed from start to end
  let ended = false;
  const email = uniqueEmail('calls');
  const password = 'correct horse battery staple';

  before(async () => {
    // No calls on the fake VAPI: the dashboard shows only what the webhooks bring.
    stack = await startStack({ fakeCalls: 0, fakeAssistants: 2 });
    caps = await capabilities(stack.baseUrl);
    browser = await launchBrowser();
    page = browser.page;
  });

  after(async () => {
    if (browser) await browser.close();
    if (stack) await stack.stop();
  });

  it('signs up and gets the webhook URL and a new secret from settings', async (t) => {
    const reason = missing(caps, 'signup', 'me', 'settings', 'rotate');
    if (reason) return t.skip(reason);
    await signUpInBrowser(page, stack.baseUrl, email, password);
    await page.goto(`${stack.baseUrl}/settings`);
    const form = page.getByTestId('vapi-key-form');
    await form.waitFor();
    // The org id of the example bodies, so the shared URL (POST /webhook/vapi) would find this user too.
    await page.getByLabel('VAPI organization id').fill(EXAMPLE_ORG_ID);
    await page.getByLabel('VAPI private API key').fill(stack.vapiKey);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByTestId('key-status').filter({ hasText: 'A key is saved' }).waitFor();

    const webhook = page.getByTestId('webhook-settings');
    const url = await page.getByLabel('Webhook URL (VAPI server URL)').inputValue();
    assert.match(url, /\/webhook\/vapi\/[^/]+$/, `webhook URL: ${url}`);
    await webhook.getByRole('button', { name: /^(Create|Rotate) secret$/ }).click(); // confirm() is accepted
    const secretField = page.getByLabel('New webhook secret');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    assert.ok(secret.length >= 16, 'a webhook secret is shown once');
    // POST to this server, whatever host the server put into the URL (it may be a --public-url).
    hook = { url: stack.baseUrl + new URL(url, stack.baseUrl).pathname, secret };
    await snap(page, 'settings-webhook');
  });

  it('rejects a webhook with a wrong secret', async (t) => {
    if (!hook) return t.skip('needs the webhook URL and secret (previous scenario skipped or failed)');
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Vapi-Secret': 'wrong-secret' },
      body: JSON.stringify(loadExample('01-status-update-in-progress.json')),
    });
    await res.arrayBuffer();
    assert.ok(res.status === 401 || res.status === 403, `status ${res.status}`);
  });

  it('shows a call live after a status-update in-progress webhook, then in the table after the end-of-call-report, without a reload', async (t) => {
    if (!hook) return t.skip('needs the webhook URL and secret (previous scenario skipped or failed)');
    const reason = missing(caps, 'events');
    if (reason) return t.skip(reason);
    await page.goto(`${stack.baseUrl}/calls`);
    await page.getByTestId('live-connection').filter({ hasText: /^Connected/ }).waitFor();
    await page.getByTestId('calls-table').or(page.getByTestId('empty')).first().waitFor();
    await page.evaluate(() => {
      window.__e2eNoReload = true; // gone if the page reloads
    });

    const uuid = randomUUID();
    liveCallId = `vapi_${uuid}`;
    const start = loadExample('01-status-update-in-progress.json');
    // The call started 20 s ago; the report will say it ended now.
    const shiftMs = Date.now() - 20_000 - Date.parse(start.message.call.startedAt);
    await postWebhook(hook.url, hook.secret, freshen(start, { callId: uuid, shiftMs }));

    const live = page.locator(`[data-testid="live-call"][data-call-id="${liveCallId}"]`);
    await live.waitFor();
    assert.match(await live.innerText(), /Dana Whitfield/);
    await snap(page, 'calls-live');

    const report = loadExample('05-end-of-call-report-customer-ended.json');
    const reportShift = Date.now() - Date.parse(report.message.endedAt);
    const body = freshen(report, { callId: uuid, shiftMs: reportShift, replace: { 'next Tuesday': `next Tuesday (${SEARCH_WORD})` } });
    await postWebhook(hook.url, hook.secret, body);

    const row = page.locator(`[data-testid="call-row"][data-call-id="${liveCallId}"]`);
    await row.waitFor();
    await live.waitFor({ state: 'detached' });
    ended = true;
    assert.equal(await row.getByTestId('outcome-badge').getAttribute('data-outcome'), 'completed');
    assert.equal(await page.evaluate(() => window.__e2eNoReload), true, 'the page was not reloaded');
    await snap(page, 'calls');
  });

  it('stores more ended calls (error, silence, web call) that show up in the table live', async (t) => {
    if (!ended) return t.skip('needs the live call scenario (skipped or failed)');
    const files = ['06-end-of-call-report-pipeline-error.json', '07-end-of-call-report-silence-timed-out.json', '08-end-of-call-report-web-call.json'];
    const ids = [];
    for (const [i, file] of files.entries()) {
      const body = loadExample(file);
      const uuid = randomUUID();
      ids.push(`vapi_${uuid}`);
      const endedAt = body.message.endedAt ?? body.message.call?.endedAt ?? body.message.call?.updatedAt;
      // Spread over the last three days so the charts have more than one point.
      const shiftMs = Date.now() - (i + 1) * 86_400_000 - Date.parse(endedAt);
      await postWebhook(hook.url, hook.secret, freshen(body, { callId: uuid, shiftMs }));
    }
    for (const id of ids) await page.locator(`[data-testid="call-row"][data-call-id="${id}"]`).waitFor();
    assert.equal(await page.getByTestId('call-row').count(), 4);
  });

  it('finds the call by a word of its transcript', async (t) => {
    if (!ended) return t.skip('needs the live call scenario (skipped or failed)');
    await page.getByLabel('Search transcripts and summaries').fill(SEARCH_WORD);
    await page.getByTestId('call-filters').getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(new RegExp(`[?&]q=${SEARCH_WORD}`));
    await page.waitForFunction(
      (id) => {
        const rows = [...document.querySelectorAll('[data-testid="call-row"]')];
        return rows.length === 1 && rows[0].getAttribute('data-call-id') === id;
      },
      liveCallId,
    );
    await snap(page, 'calls-search');

    await page.getByLabel('Search transcripts and summaries').fill('xylophonewombat');
    await page.getByTestId('call-filters').getByRole('button', { name: 'Search' }).click();
    await page.getByTestId('empty').waitFor();
    assert.equal(await page.getByTestId('call-row').count(), 0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator(`[data-testid="call-row"][data-call-id="${liveCallId}"]`).waitFor();
  });

  it('exports the calls as CSV', async (t) => {
    if (!ended) return t.skip('needs the live call scenario (skipped or failed)');
    const reason = missing(caps, 'exportCsv');
    if (reason) return t.skip(reason);
    // The filtered set: only the searched call.
    await page.goto(`${stack.baseUrl}/calls?q=${SEARCH_WORD}`);
    await page.locator(`[data-testid="call-row"][data-call-id="${liveCallId}"]`).waitFor();
    const link = page.getByTestId('export-csv');
    assert.match(await link.getAttribute('href'), new RegExp(`format=csv.*q=${SEARCH_WORD}|q=${SEARCH_WORD}.*format=csv`));
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const path = await download.path();
    const csv = await readFile(path, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    assert.match(lines[0], /callId/i, `CSV header: ${lines[0]}`);
    assert.equal(lines.length, 2, `one call in the filtered export:\n${csv.slice(0, 2000)}`);
    assert.ok(lines[1].includes(liveCallId), 'the row is the call');
    assert.ok(lines[1].includes('Dana Whitfield'), 'with its caller');
    assert.match(download.suggestedFilename(), /\.csv$/);
  });

  it('shows the call detail with the conversation', async (t) => {
    if (!ended) return t.skip('needs the live call scenario (skipped or failed)');
    await page.goto(`${stack.baseUrl}/calls`);
    const row = page.locator(`[data-testid="call-row"][data-call-id="${liveCallId}"]`);
    await row.getByRole('link').first().click();
    await page.getByTestId('transcript').waitFor();
    const roles = await page.getByTestId('transcript-turn').evaluateAll((els) => els.map((e) => e.getAttribute('data-role')));
    assert.ok(roles.length >= 6, `transcript turns: ${roles}`);
    assert.ok(roles.includes('assistant') && roles.includes('user'), `roles: ${roles}`);
    assert.match(await page.getByTestId('call-summary').innerText(), /rescheduled/);
    await page.getByTestId('cost-breakdown').waitFor();
    assert.ok(await page.getByTestId('recording').getAttribute('src'));
    await snap(page, 'call-detail');
  });

  it('draws the analytics charts as SVG', async (t) => {
    if (!ended) return t.skip('needs the live call scenario (skipped or failed)');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Analytics' }).click();
    await page.getByTestId('analytics-totals').waitFor();
    await page.getByTestId('total-calls').filter({ hasText: '4' }).waitFor();
    for (const id of ['chart-calls-per-day', 'chart-success-rate', 'chart-average-duration', 'chart-cost-per-day']) {
      const svg = page.getByTestId(id).locator('svg.recharts-surface').first();
      await svg.waitFor({ timeout: 15_000 });
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, `${id} has a drawn chart (${JSON.stringify(box)})`);
      // Bars/lines/areas, not just axes.
      const marks = await page.getByTestId(id).locator('.recharts-bar-rectangle, .recharts-line-curve, .recharts-area-area, .recharts-curve').count();
      assert.ok(marks > 0, `${id} draws data marks`);
    }
    await page.getByRole('button', { name: '7 days' }).click();
    assert.equal(await page.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed'), 'true');
    await page.getByTestId('chart-calls-per-day').locator('svg.recharts-surface').first().waitFor();
    await snap(page, 'analytics');
  });

  it('shows the ended calls on the overview', async (t) => {
    if (!ended) return t.skip('needs the live call scenario (skipped or failed)');
    await page.goto(`${stack.baseUrl}/`);
    await page.getByTestId('live-calls').waitFor();
    await page.getByTestId('step-first-call').and(page.locator('[data-done="true"]')).or(page.getByRole('heading', { name: /overview/i })).first().waitFor();
    await snap(page, 'overview');
  });

  it('has no horizontal overflow at phone width on the calls, detail and analytics pages', async (t) => {
    if (!ended) return t.skip('needs the live call scenario (skipped or failed)');
    const problems = {};
    await page.setViewportSize(PHONE);
    try {
      for (const path of ['/', '/calls', `/calls/${liveCallId}`, '/analytics']) {
        await page.goto(`${stack.baseUrl}${path}`);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        await page.waitForTimeout(800);
        const over = await overflowingElements(page);
        if (over.length) problems[path] = over;
      }
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    assert.deepEqual(problems, {}, `elements wider than 375 px: ${JSON.stringify(problems, null, 1)}`);
  });

  it('logs no errors in the browser console', (t) => {
    const reason = missing(caps, 'signup', 'me', 'settings', 'rotate', 'events', 'exportCsv', 'analyticsAssistants');
    if (reason) return t.skip(`${reason}: the dashboard logs those 404s`);
    // Expected: 400 GET /api/assistants (the first-run checklist asks before the VAPI key is saved) and
    // 401 GET /api/me (the signed-out app asks who is there before the sign-up page shows).
    const expected = new Set(['HTTP 400 GET /api/assistants', 'HTTP 401 GET /api/me']);
    const errors = browser.consoleErrors.filter((e) => !expected.has(e) && !e.startsWith('Failed to load resource'));
    assert.deepEqual(errors, []);
  });
});
