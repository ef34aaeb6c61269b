// Shared setup for the browser tests: starts the fake VAPI and the real voicematrix binary on a fresh
// temporary SQLite database, launches Debian's Chromium through playwright-core (never a downloaded
// browser), and cleans everything up when the test file ends, even when it fails or is interrupted.
//
// Environment (set by ./dev test; the defaults fit a local `./dev build`):
//   VM_BINARY         voicematrix binary               (default <repo>/build/voicematrix)
//   VM_FAKE_VAPI      fake VAPI binary, or its folder   (default <repo>/build/tests/fake_vapi)
//   VM_WEB_DIR        built dashboard                  (default <repo>/web/dist)
//   VM_VAPI_EXAMPLES  VAPI webhook example bodies      (default <repo>/tests/fixtures/vapi/examples)
//   VM_CHROMIUM       Chromium executable              (default /usr/bin/chromium)
//   VM_E2E_KEEP=1     keep the temp folder (database, server logs, browser profile) for debugging
import { spawn, execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../../..');
export const BINARY = process.env.VM_BINARY || join(ROOT, 'build/voicematrix');
export const WEB_DIR = process.env.VM_WEB_DIR || join(ROOT, 'web/dist');
export const EXAMPLES = process.env.VM_VAPI_EXAMPLES || join(ROOT, 'tests/fixtures/vapi/examples');
export const CHROMIUM = process.env.VM_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS = join(here, 'screenshots');
export const FAKE_VAPI = (() => {
  const p = process.env.VM_FAKE_VAPI || join(ROOT, 'build/tests/fake_vapi');
  // ./dev passes $BUILD/tests/fake_vapi, which CMake may make a folder holding the binary.
  return existsSync(p) && statSync(p).isDirectory() ? join(p, 'fake_vapi') : p;
})();

// The org id of the example webhook bodies and of everything the fake VAPI generates.
export const EXAMPLE_ORG_ID = '6b1f0c2a-3d4e-4f5a-9b8c-7d6e5f4a3b2c';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

// ---------------------------------------------------------------------------------------------------
// Child processes: every one is killed when this process exits, whatever the reason.
const children = new Set();
function killAll(signal) {
  for (const child of children) {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}
process.on('exit', () => killAll('SIGKILL'));
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAll('SIGKILL');
    process.exit(130);
  });
}

function readTail(path, max = 4000) {
  try {
    const text = readFileSync(path, 'utf8');
    return text.slice(-max);
  } catch {
    return '(no log)';
  }
}

// Starts `command args`, waits for its first stdout line "listening on HOST:PORT", returns {child, url, stop}.
export async function spawnListening(name, command, args, logPath, timeoutMs = 30_000) {
  if (!existsSync(command)) throw new Error(`${name}: ${command} does not exist (build it first, or set the env var)`);
  const logFd = openSync(logPath, 'a');
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', logFd] });
  closeSync(logFd);
  children.add(child);
  child.on('exit', () => children.delete(child));
  const url = await new Promise((resolvePromise, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not print "listening on" within ${timeoutMs} ms; log:\n${readTail(logPath)}`)), timeoutMs);
    const onData = (chunk) => {
      buffered += chunk.toString('utf8');
      const m = /listening on ([^\s:]+):(\d+)/.exec(buffered);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume(); // keep draining stdout so the child never blocks on a full pipe
        resolvePromise(`http://${m[1]}:${m[2]}`);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited at start (code ${code}, signal ${signal}); log:\n${readTail(logPath)}`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return { child, url, stop, logPath };
}

// ---------------------------------------------------------------------------------------------------
// The stack: fake VAPI + voicematrix on a fresh temp database.
export async function startStack({ fakeCalls = 25, fakeAssistants = 3 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vm-e2e-'));
  const vapiKey = `vapi-e2e-key-${randomUUID()}`;
  const fake = await spawnListening(
    'fake_vapi',
    FAKE_VAPI,
    ['--listen', '127.0.0.1:0', '--key', vapiKey, '--calls', String(fakeCalls), '--assistants', String(fakeAssistants), '--threads', '2'],
    join(dir, 'fake_vapi.log'),
  );
  const db = join(dir, 'voicematrix.db');
  let server;
  try {
    server = await spawnListening(
      'voicematrix',
      BINARY,
      ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2', '--web-dir', WEB_DIR, '--vapi-base-url', fake.url],
      join(dir, 'voicematrix.log'),
    );
  } catch (err) {
    await fake.stop();
    throw err;
  }
  const stack = {
    dir,
    db,
    vapiKey,
    fakeUrl: fake.url,
    baseUrl: server.url,
    serverLog: server.logPath,
    async stop() {
      await server.stop();
      await fake.stop();
      if (!process.env.VM_E2E_KEEP) rmSync(dir, { recursive: true, force: true });
      else console.log(`# kept ${dir}`);
    },
    serverLogTail: () => readTail(server.logPath),
  };
  return stack;
}

const execFileP = promisify(execFile);
// `voicematrix user add`: {userId, email, webhookPath, webhookSecret, apiToken}.
export async function userAdd(db, email, orgId = EXAMPLE_ORG_ID) {
  const { stdout } = await execFileP(BINARY, ['user', 'add', '--db', db, '--email', email, '--vapi-org-id', orgId]);
  return JSON.parse(stdout);
}

// ---------------------------------------------------------------------------------------------------
// Capabilities of the binary under test. Without a session an existing /api route answers 401 (or
// 400/403/422), a missing one 404/405; these decide runtime skips with a reason, never a silent pass.
export async function probeRoute(baseUrl, method, path, body) {
  const res = await fetch(baseUrl + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status !== 404 && res.status !== 405;
}

export async function capabilities(baseUrl) {
  const [signup, login, me, settings, rotate, assistants, exportCsv, events, analyticsAssistants] = await Promise.all([
    probeRoute(baseUrl, 'POST', '/api/auth/signup', {}),
    probeRoute(baseUrl, 'POST', '/api/auth/login', {}),
    probeRoute(baseUrl, 'GET', '/api/me'),
    probeRoute(baseUrl, 'GET', '/api/settings/vapi'),
    probeRoute(baseUrl, 'POST', '/api/settings/webhook-secret/rotate', {}),
    probeRoute(baseUrl, 'GET', '/api/assistants'),
    probeRoute(baseUrl, 'GET', '/api/calls/export?format=csv'),
    probeRoute(baseUrl, 'GET', '/api/events'),
    probeRoute(baseUrl, 'GET', '/api/analytics/assistants'),
  ]);
  return { signup, login, me, settings, rotate, assistants, exportCsv, events, analyticsAssistants };
}

// Returns a skip reason when one of the named capabilities is missing, else null.
export function missing(caps, ...names) {
  const routes = {
    signup: 'POST /api/auth/signup',
    login: 'POST /api/auth/login',
    me: 'GET /api/me',
    settings: 'GET/PUT /api/settings/vapi',
    rotate: 'POST /api/settings/webhook-secret/rotate',
    assistants: 'GET /api/assistants',
    exportCsv: 'GET /api/calls/export',
    events: 'GET /api/events',
    analyticsAssistants: 'GET /api/analytics/assistants',
  };
  const absent = names.filter((n) => !caps[n]).map((n) => routes[n] ?? n);
  return absent.length ? `the binary under test does not serve ${absent.join(', ')} yet (404)` : null;
}

// ---------------------------------------------------------------------------------------------------
// Browser: Debian's Chromium through playwright-core, a fresh profile per test file.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (./dev test installs it)`);
  const profile = mkdtempSync(join(tmpdir(), 'vm-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
    acceptDownloads: true,
    timezoneId: 'Europe/Berlin',
    locale: 'en-US',
  });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  // Console lines for failed requests carry no URL: record the responses themselves.
  page.on('response', (res) => {
    if (res.status() >= 400) consoleErrors.push(`HTTP ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}`);
  });
  page.on('dialog', (d) => d.accept());
  return {
    context,
    page,
    consoleErrors,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// Screenshot of the current page at desktop and phone width: screenshots/<name>-desktop.png, -phone.png.
export async function snap(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  await settle(page);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  await settle(page);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(original);
  await settle(page);
}

// Waits until no loading indicator is visible (the SSE stream keeps the network busy, so no networkidle).
export async function settle(page) {
  await page
    .waitForFunction(() => !document.querySelector('[aria-busy="true"], .state-loading, .loading'), null, { timeout: 10_000 })
    .catch(() => {});
  // recharts draws lines progressively for ~1.5 s: a screenshot taken earlier shows half-drawn lines
  const charts = await page.locator('.recharts-surface').count().catch(() => 0);
  await page.waitForTimeout(charts ? 1800 : 250);
}

// Elements that are wider than the viewport (horizontal scrolling on a phone is a layout bug).
export async function overflowingElements(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.right > width + 1) {
        // report only the outermost offenders, skipping elements inside a scroll container
        let p = el.parentElement;
        let scrolled = false;
        while (p && p !== document.body) {
          const s = getComputedStyle(p);
          if (/(auto|scroll|hidden)/.test(s.overflowX)) {
            scrolled = true;
            break;
          }
          p = p.parentElement;
        }
        if (!scrolled && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1)) {
          out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} right=${Math.round(r.right)}`);
        }
      }
    }
    return out.slice(0, 10);
  });
}

// ---------------------------------------------------------------------------------------------------
// Webhook bodies: the VAPI examples in tests/fixtures with a fresh call id and times moved to "now".
export function loadExample(file) {
  return JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
}

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const MS_KEYS = new Set(['timestamp', 'time', 'endTime']);

// Replaces the example's call id everywhere (also inside URLs) and shifts every time by shiftMs.
export function freshen(body, { callId, shiftMs, replace = {} }) {
  const originalId = body.message?.call?.id ?? body.call?.id;
  let text = JSON.stringify(body);
  if (originalId) text = text.split(originalId).join(callId);
  for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
  const walk = (v, key) => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') {
      const out = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    if (typeof v === 'string' && ISO.test(v)) return new Date(Date.parse(v) + shiftMs).toISOString();
    if (typeof v === 'number' && MS_KEYS.has(key) && v > 1e12) return v + shiftMs;
    return v;
  };
  return walk(JSON.parse(text));
}

export async function postWebhook(url, secret, body) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Vapi-Secret': secret },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${url} -> ${res.status} ${text}`);
  return text;
}

// The fake VAPI's own view of an assistant (what VAPI would have stored).
export async function fakeVapiAssistant(stack, id) {
  const res = await fetch(`${stack.fakeUrl}/assistant/${encodeURIComponent(id)}`, {
    headers: { Authorization: `Bearer ${stack.vapiKey}` },
  });
  if (!res.ok) throw new Error(`fake VAPI GET /assistant/${id} -> ${res.status}`);
  return res.json();
}

export async function fakeVapiAssistants(stack) {
  const res = await fetch(`${stack.fakeUrl}/assistant`, { headers: { Authorization: `Bearer ${stack.vapiKey}` } });
  if (!res.ok) throw new Error(`fake VAPI GET /assistant -> ${res.status}`);
  return res.json();
}

// Signs up through the UI and waits for the dashboard shell.
export async function signUpInBrowser(page, baseUrl, email, password) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByRole('heading', { name: 'Create an account' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

export function uniqueEmail(tag) {
  return `${tag}-${randomUUID().slice(0, 8)}@e2e.example.com`;
}

// Polls until an input's value equals `value` (fields are filled asynchronously after a fetch).
export async function waitForValue(locator, value, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await locator.inputValue().catch(() => undefined);
    if (last === value) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`field value stayed ${JSON.stringify(last)}, expected ${JSON.stringify(value)}`);
}
