// The submission queue: an answer given offline is kept on the device, survives closing
// the tab, and reaches the server exactly once when the resident comes back online, even
// with two tabs open.
import { test, before, after } from 'node:test';
import http from 'node:http';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, completeByKeyboard, survey } from './harness.mjs';
import { fullAnswers } from './answers.mjs';

let server;
let browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// A new page of `context` showing the standalone survey `questionnaire` for 0363, ready.
async function openSurvey(context, questionnaire) {
  const page = await context.newPage();
  await page.goto(`${server.base}/s/${questionnaire}?m=0363`);
  await survey(page).locator('h2').waitFor();
  return page;
}

/** Counts the POSTs of response records that leave any page of `context`. */
function countPosts(context) {
  const posts = [];
  context.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/responses')) posts.push(r.postDataJSON().id); });
  return posts;
}

test('offline at submit: thank-you, tab closed, reopened online: one stored record', async () => {
  const context = await browser.newContext();
  const posts = countPosts(context);
  const page = await openSurvey(context, 'kto-telefoon');
  await context.route('**/api/v1/responses', (route) => route.abort('internetdisconnected'));
  await completeByKeyboard(page, fullAnswers('kto-telefoon'));
  await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).waitFor();
  await survey(page).getByText('bewaard op dit apparaat', { exact: false }).waitFor();
  assert.equal(posts.length, 1, 'one attempt was made');
  assert.equal((await server.records()).length, 0, 'nothing reached the server');
  await page.close();

  await context.unroute('**/api/v1/responses');
  // Two tabs come back at once: the queue sends from one of them only.
  const [a, b] = await Promise.all([context.newPage(), context.newPage()]);
  await Promise.all([a.goto(`${server.base}/s/kto-telefoon?m=0363`), b.goto(`${server.base}/s/kto-telefoon?m=0363`)]);
  for (let i = 0; i < 50 && (await server.records()).length === 0; i++) await a.waitForTimeout(200);
  await a.waitForTimeout(1000);  // give a second sender the chance to show itself
  const stored = await server.records();
  assert.equal(stored.length, 1);
  assert.equal(stored[0].questionnaire, 'kto-telefoon');
  assert.equal(posts.filter((id) => id === stored[0].id).length, 2, 'one failed attempt offline, one delivery');
  const left = await a.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('klantpeil', 1);
    open.onsuccess = () => {
      const req = open.result.transaction('pending', 'readonly').objectStore('pending').count();
      req.onsuccess = () => resolve(req.result);
    };
  }));
  assert.equal(left, 0, 'the queue is empty after delivery');
  await context.close();
});

test('a refused record is shown to the resident and not retried', async () => {
  const context = await browser.newContext();
  const posts = countPosts(context);
  const page = await openSurvey(context, 'kto-digitaal');
  await context.route('**/api/v1/responses', (route) =>
    route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"onbekende gemeente","field":"municipality"}' }));
  await completeByKeyboard(page, fullAnswers('kto-digitaal'));
  await survey(page).getByText('Uw antwoorden konden helaas niet worden verwerkt.').waitFor();
  await page.reload();
  await survey(page).locator('h2').waitFor();
  await page.waitForTimeout(500);
  assert.equal(posts.length, 1, 'a 4xx is not sent again');
  await context.close();
});

// The entries of this page's IndexedDB queue; with `age`, first dates each refusal that long ago.
function refusedEntries(page, age = null) {
  return page.evaluate((age) => new Promise((resolve) => {
    const open = indexedDB.open('klantpeil', 1);
    open.onsuccess = () => {
      const store = open.result.transaction('pending', 'readwrite').objectStore('pending');
      const all = store.getAll();
      all.onsuccess = () => {
        const refused = all.result.filter((e) => e.refused);
        if (age !== null) for (const e of refused) store.put({ ...e, refusedAt: Date.now() - age });
        resolve(refused.map((e) => ({ id: e.id, age: Date.now() - e.refusedAt })));
      };
    };
  }), age);
}

test('a refused record stays aside on the device for a week, then it is gone', async () => {
  const context = await browser.newContext();
  const page = await openSurvey(context, 'kto-balie');
  await context.route('**/api/v1/responses', (route) =>
    route.fulfill({ status: 400, contentType: 'application/json', body: '{"error":"nee","field":"submitted_at"}' }));
  await completeByKeyboard(page, fullAnswers('kto-balie'));
  await survey(page).getByText('Uw antwoorden konden helaas niet worden verwerkt.').waitFor();
  const [kept] = await refusedEntries(page);
  assert.ok(kept && kept.age >= 0 && kept.age < 60000, 'kept, dated now');
  const day = 24 * 3600 * 1000;
  await refusedEntries(page, 6 * day);
  await page.reload();
  await survey(page).locator('h2').waitFor();
  await page.waitForTimeout(500);
  assert.equal((await refusedEntries(page)).length, 1, 'six days on it is still there');
  await refusedEntries(page, 8 * day);
  await page.reload();
  await survey(page).locator('h2').waitFor();
  for (let i = 0; i < 20 && (await refusedEntries(page)).length; i++) await page.waitForTimeout(100);
  assert.deepEqual(await refusedEntries(page), [], 'eight days on it is gone');
  await context.close();
});

test('without any storage (private mode) a failed send is retried while the page is open', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    delete globalThis.indexedDB;
    Object.defineProperty(globalThis, 'localStorage', { get() { throw new DOMException('The operation is insecure.', 'SecurityError'); } });
  });
  const page = await openSurvey(context, 'kto-digitaal');
  await context.route('**/api/v1/responses', (route) => route.abort('internetdisconnected'));
  const answers = fullAnswers('kto-digitaal');
  await completeByKeyboard(page, answers);
  await survey(page).getByText('Laat deze pagina open', { exact: false }).waitFor();
  await context.unroute('**/api/v1/responses');
  await context.setOffline(true);
  await context.setOffline(false);
  await survey(page).getByText('Uw antwoorden zijn verstuurd.').waitFor();
  const stored = (await server.records()).filter((r) => r.questionnaire === 'kto-digitaal' && r.source === 'link');
  assert.equal(stored.length, 1);
  assert.deepEqual(stored[0].answers, answers);
  await context.close();
});

test('while the answers are on their way, an online resident is not told to wait for the internet', async () => {
  const context = await browser.newContext();
  const page = await openSurvey(context, 'kto-balie');
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route('**/api/v1/responses', async (route) => { await held; await route.continue(); });
  await completeByKeyboard(page, fullAnswers('kto-balie'));
  await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).waitFor();
  assert.equal(await survey(page).getByRole('status').textContent(), 'Uw antwoorden worden verstuurd…');
  release();
  await survey(page).getByRole('status').filter({ hasText: 'Uw antwoorden zijn verstuurd.' }).waitFor();
  await context.close();
});

test('a server that is down: the answers are kept, the internet is not blamed, and a later try is reported', async () => {
  const context = await browser.newContext();
  const page = await openSurvey(context, 'kto-telefoon');
  await context.route('**/api/v1/responses', (route) => route.fulfill({ status: 503, headers: { 'Retry-After': '5' },
    contentType: 'application/json', body: '{"error":"the response store is unavailable; try again later","field":null}' }));
  await completeByKeyboard(page, fullAnswers('kto-telefoon'));
  const status = survey(page).getByRole('status');
  await status.filter({ hasText: 'bewaard op dit apparaat' }).waitFor();
  assert.doesNotMatch(await status.textContent(), /internet/);
  await context.unroute('**/api/v1/responses');
  await context.setOffline(true);
  await context.setOffline(false);
  await status.filter({ hasText: 'Uw antwoorden zijn verstuurd.' }).waitFor();
  await context.close();
});

test('an answer another tab sends first: this tab still says it was sent', async () => {
  const context = await browser.newContext();
  const other = await openSurvey(context, 'kto-digitaal');
  const page = await openSurvey(context, 'kto-digitaal');
  // The other tab's queue asks to send first, while the lock is held; this tab's asks after it.
  await other.evaluate(() => {
    navigator.locks.request('klantpeil-queue', () => new Promise((release) => { globalThis.releaseQueue = release; }));
    dispatchEvent(new Event('online'));
  });
  await completeByKeyboard(page, fullAnswers('kto-digitaal'));
  await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).waitFor();
  await other.evaluate(() => globalThis.releaseQueue());
  await survey(page).getByRole('status').filter({ hasText: 'Uw antwoorden zijn verstuurd.' }).waitFor();
  await context.close();
});

// A slow network in front of the server: a POST of a record reaches the server 1.5 s after
// the browser sent it, and not at all when the browser gave up on it meanwhile. `firstPost`
// settles with what became of the first POST: the server's status, or 'dropped'.
async function slowProxy() {
  const target = new URL(server.base);
  let settle;
  const firstPost = new Promise((resolve) => { settle = resolve; });
  const proxy = http.createServer((req, res) => {
    const chunks = [];
    let gone = false;
    res.on('close', () => { gone = !res.writableFinished; });
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => setTimeout(() => {
      if (gone) return req.method === 'POST' && settle('dropped');
      const out = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.pipe(res);
          if (req.method === 'POST') answer.on('end', () => settle(answer.statusCode));
        });
      out.end(Buffer.concat(chunks));
    }, req.method === 'POST' ? 1500 : 0));
  });
  await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${proxy.address().port}`, firstPost,
    close: () => { proxy.closeAllConnections(); proxy.close(); } };
}

test('"bedankt" shows only once the answers are on their way, so closing the tab then cannot keep them', async () => {
  const context = await browser.newContext();
  try {
    // Each POST notes whether "bedankt" was on screen (in the survey's shadow root) before it.
    await context.addInitScript(() => {
      window.kpThanksBeforePost = [];
      const send = window.fetch;
      window.fetch = (url, init) => {
        if (init && init.method === 'POST') {
          const roots = [...document.querySelectorAll('*')].map((el) => el.shadowRoot).filter(Boolean);
          window.kpThanksBeforePost.push(roots.some((r) => r.textContent.includes('Bedankt voor uw antwoorden!')));
        }
        return send(url, init);
      };
    });
    const page = await openSurvey(context, 'kto-balie');
    await completeByKeyboard(page, fullAnswers('kto-balie'));
    await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).waitFor();
    assert.deepEqual(await page.evaluate(() => window.kpThanksBeforePost), [false]);
  } finally {
    await context.close();
  }
});

test('a resident who closes the tab as soon as "bedankt" shows: the answers still arrive', async () => {
  const proxy = await slowProxy();
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${proxy.base}/s/kto-balie?m=0363`);
    await survey(page).locator('h2').waitFor();
    const answers = { ...fullAnswers('kto-balie'), totaaloordeel: 3 };
    await completeByKeyboard(page, answers);
    await survey(page).getByRole('heading', { name: 'Bedankt voor uw antwoorden!' }).waitFor();
    await page.close();  // the send is still on its way
    assert.equal(await proxy.firstPost, 201);  // not 'dropped': the POST outlived the tab
    const arrived = (await server.records()).filter((r) => r.questionnaire === 'kto-balie' && r.answers.totaaloordeel === 3);
    assert.equal(arrived.length, 1);
  } finally {
    await context.close();
    proxy.close();
  }
});
