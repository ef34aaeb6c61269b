// Sign up, save a VAPI key (only its hint is ever shown again), edit an assistant on the fake VAPI and see
// the change persisted, in Chromium against the real binary. Scenarios run in order and share one account.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  capabilities,
  fakeVapiAssistant,
  fakeVapiAssistants,
  launchBrowser,
  missing,
  overflowingElements,
  EXAMPLE_ORG_ID,
  PHONE,
  DESKTOP,
  signUpInBrowser,
  snap,
  startStack,
  uniqueEmail,
  waitForValue,
} from './harness.mjs';

describe('account, settings and assistants', { timeout: 180_000 }, () => {
  let stack;
  let browser;
  let page;
  let caps;
  let signedUp = false;
  let keySaved = false;
  const email = uniqueEmail('account');
  const password = 'correct horse battery staple';

  before(async () => {
    stack = await startStack({ fakeCalls: 25, fakeAssistants: 3 });
    caps = await capabilities(stack.baseUrl);
    browser = await launchBrowser();
    page = browser.page;
  });

  after(async () => {
    if (browser) await browser.close();
    if (stack) await stack.stop();
  });

  it('serves the dashboard and the sign-in page for a signed-out visitor', async (t) => {
    // The app asks GET /api/me first; without that route it shows "Could not check your session".
    const reason = missing(caps, 'me');
    if (reason) return t.skip(reason);
    await page.goto(`${stack.baseUrl}/calls`);
    // The SPA fallback serves index.html for an app route, then the app sends the visitor to sign in.
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.match(page.url(), /\/signin\?next=%2Fcalls$/);
    await snap(page, 'signin');
  });

  it('signs up and shows the first-run checklist', async (t) => {
    const reason = missing(caps, 'signup', 'me');
    if (reason) return t.skip(reason);
    await page.goto(`${stack.baseUrl}/signup`);
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await snap(page, 'signup');
    await signUpInBrowser(page, stack.baseUrl, email, password);
    signedUp = true;
    await page.getByTestId('user-email').filter({ hasText: email }).waitFor();
    const checklist = page.getByTestId('first-run-checklist');
    await checklist.waitFor();
    assert.equal(await page.getByTestId('step-api-key').getAttribute('data-done'), 'false');
    assert.equal(await page.getByTestId('step-first-call').getAttribute('data-done'), 'false');
    await snap(page, 'overview-first-run');
  });

  it('saves the VAPI key in settings and afterwards shows only its hint', async (t) => {
    if (!signedUp) return t.skip('needs the sign-up scenario (skipped or failed)');
    const reason = missing(caps, 'settings');
    if (reason) return t.skip(reason);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const form = page.getByTestId('vapi-key-form');
    await form.waitFor();
    await page.getByTestId('key-status').filter({ hasText: 'No key saved yet.' }).waitFor();
    const keyInput = page.getByLabel('VAPI private API key');
    assert.equal(await keyInput.getAttribute('type'), 'password');
    await keyInput.fill(stack.vapiKey);
    await page.getByLabel('VAPI organization id').fill(EXAMPLE_ORG_ID);
    await form.getByRole('button', { name: 'Save', exact: true }).click();
    const status = page.getByTestId('key-status');
    await status.filter({ hasText: 'A key is saved' }).waitFor();
    keySaved = true;

    const assertKeyHidden = async (when) => {
      assert.equal(await keyInput.inputValue(), '', `${when}: the key field is emptied`);
      const text = await page.evaluate(() => document.body.innerText);
      assert.ok(!text.includes(stack.vapiKey), `${when}: the page text does not contain the key`);
      const values = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => e.value));
      assert.ok(!values.some((v) => v.includes(stack.vapiKey)), `${when}: no field holds the key`);
      const hint = await status.innerText();
      assert.ok(hint.includes(stack.vapiKey.slice(-4)), `${when}: the status shows the key's last characters as a hint: ${hint}`);
    };
    await assertKeyHidden('after saving');
    await page.reload();
    await status.filter({ hasText: 'A key is saved' }).waitFor();
    await assertKeyHidden('after a reload');
    assert.equal(await page.getByLabel('VAPI organization id').inputValue(), EXAMPLE_ORG_ID);

    // The API itself never returns the key either.
    const settings = await page.evaluate(async () => (await fetch('/api/settings/vapi')).text());
    assert.ok(!settings.includes(stack.vapiKey), 'GET /api/settings/vapi does not contain the key');
    assert.equal(JSON.parse(settings).hasApiKey, true);
    await snap(page, 'settings');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await page.getByTestId('step-api-key').and(page.locator('[data-done="true"]')).waitFor();
  });

  it('edits an assistant on VAPI and the change persists', async (t) => {
    if (!keySaved) return t.skip('needs the saved VAPI key (settings scenario skipped or failed)');
    const reason = missing(caps, 'assistants');
    if (reason) return t.skip(reason);
    const [target] = await fakeVapiAssistants(stack);
    assert.ok(target?.id, 'the fake VAPI has assistants');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Assistants' }).click();
    const list = page.getByTestId('assistant-list');
    await list.waitFor();
    await page.getByTestId('assistant-row').first().waitFor();
    assert.equal(await page.getByTestId('assistant-row').count(), 3);
    await snap(page, 'assistants');

    const row = page.locator(`[data-testid="assistant-row"][data-assistant-id="${target.id}"]`);
    await row.getByRole('link', { name: 'Edit' }).click();
    const editor = page.getByTestId('assistant-editor');
    await editor.waitFor();
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), target.name);

    const firstMessage = `Hi, this is the e2e receptionist ${Date.now()}.`;
    const prompt = 'You are a careful receptionist for an end-to-end test.';
    await page.getByLabel('First message').fill(firstMessage);
    await page.getByLabel('System prompt').fill(prompt);
    await page.getByLabel('Temperature').fill('0.7');
    await page.getByLabel('Max duration (seconds)').fill('420');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await editor.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await snap(page, 'assistant-editor');

    // VAPI (the fake) has the change, with the rest of the model object kept.
    const stored = await fakeVapiAssistant(stack, target.id);
    assert.equal(stored.firstMessage, firstMessage);
    assert.equal(stored.maxDurationSeconds, 420);
    assert.equal(stored.model?.temperature, 0.7);
    assert.equal(stored.model?.provider, target.model.provider, 'model.provider kept');
    assert.equal(stored.model?.model, target.model.model, 'model.model kept');
    assert.ok(JSON.stringify(stored.model?.messages ?? []).includes(prompt), 'system prompt saved in model.messages');
    assert.deepEqual(stored.voice, target.voice, 'voice untouched');
    assert.equal(stored.name, target.name, 'name untouched');

    // A reload reads it back from VAPI through the server.
    await page.reload();
    await editor.waitFor();
    await waitForValue(page.getByLabel('First message'), firstMessage);
    assert.equal(await page.getByLabel('First message').inputValue(), firstMessage);
    assert.equal(await page.getByLabel('System prompt').inputValue(), prompt);
    assert.equal(Number(await page.getByLabel('Temperature').inputValue()), 0.7);
  });

  it('shows the sync page', async (t) => {
    if (!signedUp) return t.skip('needs the sign-up scenario (skipped or failed)');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
    await page.getByRole('heading', { name: /sync/i }).first().waitFor();
    await page.getByTestId('sync-table').or(page.getByTestId('empty')).or(page.getByTestId('error')).first().waitFor();
    await snap(page, 'sync');
  });

  it('has no horizontal overflow at phone width on the pages it visited', async (t) => {
    if (!signedUp) return t.skip('needs the sign-up scenario (skipped or failed)');
    const problems = {};
    await page.setViewportSize(PHONE);
    try {
      for (const path of ['/', '/settings', '/assistants', '/sync']) {
        await page.goto(`${stack.baseUrl}${path}`);
        await page.getByRole('navigation', { name: 'Main' }).waitFor();
        await page.waitForTimeout(500);
        const over = await overflowingElements(page);
        if (over.length) problems[path] = over;
      }
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    assert.deepEqual(problems, {}, `elements wider than 375 px: ${JSON.stringify(problems, null, 1)}`);
  });

  it('logs no errors in the browser console', (t) => {
    const reason = missing(caps, 'signup', 'me', 'settings', 'assistants');
    if (reason) return t.skip(`${reason}: the dashboard logs those 404s`);
    // Expected: the 401s of the signed-out visit, and the 400 of GET /api/assistants that the first-run
    // checklist gets before a VAPI key is saved ("no key" is how it learns the step is not done).
    // Chromium's own "Failed to load resource" lines duplicate the HTTP lines, which carry the URL.
    const errors = browser.consoleErrors.filter(
      (e) => !/401|Unauthorized/i.test(e) && e !== 'HTTP 400 GET /api/assistants' && !e.startsWith('Failed to load resource'),
    );
    assert.deepEqual(errors, []);
  });
});
