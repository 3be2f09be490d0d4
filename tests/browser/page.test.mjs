// Browser tests: the web page served by `retold serve` and a `retold report`
// file, in Debian's Chromium driven by playwright-core.
//
//   RETOLD_BIN=build/retold node --test tests/browser/
// Screenshots go to $RETOLD_SCREENSHOTS (default: the system temp folder).
import {test, before, after} from "node:test";
import assert from "node:assert/strict";
import {spawn, execFileSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {createServer} from "node:net";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {chromium} from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = path.resolve(process.env.RETOLD_BIN || path.join(root, "build/retold"));
const shots = process.env.RETOLD_SCREENSHOTS || tmpdir();
const sample = name => readFileSync(path.join(root, "sample", name), "utf8");
const work = mkdtempSync(path.join(tmpdir(), "retold-browser-"));
let server, browser, base;

function freePort() {
  return new Promise(resolve => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const {port} = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts `retold serve` with extra arguments; resolves to [process, base URL].
async function serve(args) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ["serve", "--port", String(port), "--quiet", ...args], {stdio: "inherit"});
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url + "/healthz")).ok) break;
    } catch {}
    await new Promise(r => setTimeout(r, 100));
  }
  return [child, url];
}

before(async () => {
  [server, base] = await serve(["--db", path.join(work, "index.db")]);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--no-first-run"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill("SIGTERM");
  rmSync(work, {recursive: true, force: true});
});

// Is the element visible inside its scrolling column?
async function inView(page, selector) {
  return page.$eval(selector, el => {
    const box = el.getBoundingClientRect(), column = el.closest(".doc").getBoundingClientRect();
    return box.bottom > column.top && box.top < column.bottom;
  });
}

test("comparing two pasted texts shows aligned passages, and a click scrolls to the twin", async () => {
  const page = await browser.newPage({viewport: {width: 1400, height: 900}});
  await page.goto(base + "/");
  await page.fill("#text-a", sample("original.txt"));
  await page.fill("#text-b", sample("rewritten.txt"));
  await page.click("#compare");
  await page.waitForSelector("#result .passage");
  assert.equal((await page.textContent("#result .verdict")).trim(), "rewrite");
  const passages = await page.$$("#result [id^='v-a-']");
  assert.ok(passages.length >= 8, `only ${passages.length} aligned sentences shown`);
  // The last aligned sentence of A: its twin in B starts out of view.
  const last = passages[passages.length - 1];
  const id = await last.getAttribute("id");
  const twin = "#" + (await last.getAttribute("data-twin"));
  assert.equal(await inView(page, twin), false, "the twin should start below the fold");
  await page.$eval("#" + id, el => el.scrollIntoView({block: "center"}));
  await page.click("#" + id);
  await page.waitForFunction(sel => {
    const el = document.querySelector(sel), col = el.closest(".doc").getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return box.top >= col.top && box.bottom <= col.bottom;
  }, twin, {timeout: 5000});
  assert.ok(await page.$eval(twin, el => el.classList.contains("flash")));
  await page.screenshot({path: path.join(shots, "retold-page-compare.png")});
  await page.close();
});

test("a Spanish translation is aligned with its English original, and its English pivot is on hand", async (t) => {
  try {
    execFileSync("apertium", ["-l"], {stdio: "ignore"});
  } catch {
    t.skip("no apertium (scripts/setup.sh installs it)");
    return;
  }
  const page = await browser.newPage({viewport: {width: 1400, height: 900}});
  await page.goto(base + "/");
  await page.fill("#text-a", sample("original.txt"));
  await page.fill("#text-b", sample("translated_es.txt"));
  await page.click("#compare");
  await page.waitForSelector("#result .passage");
  assert.equal((await page.textContent("#result .verdict")).trim(), "rewrite");
  // The Spanish original is what is shown and marked.
  assert.match(await page.textContent("#v-doc-b"), /Ayuntamiento/);
  assert.match(await page.textContent("#v-doc-b h2"), /\(es\)/);
  await page.click("#v-doc-b details.pivot summary");
  assert.match(await page.textContent("#v-doc-b details.pivot p"), /council/);
  await page.screenshot({path: path.join(shots, "retold-page-translated.png")});
  await page.close();
});

test("checking a text against the index lists and shows the match", async () => {
  for (const [id, name] of [["tram-story", "original.txt"], ["same-event", "same_story.txt"]]) {
    const res = await fetch(base + "/v1/documents", {method: "POST", body: JSON.stringify({id, text: sample(name)})});
    assert.equal(res.status, 201);
  }
  const page = await browser.newPage({viewport: {width: 1400, height: 900}});
  await page.goto(base + "/");
  await page.fill("#text-a", sample("rewritten.txt"));
  await page.click("#query");
  await page.waitForSelector("#matches a");
  const ids = await page.$$eval("#matches a", links => links.map(a => a.textContent));
  assert.deepEqual(ids, ["tram-story"]);  // the independent report is not a match
  await page.waitForSelector("#result .passage");
  await page.screenshot({path: path.join(shots, "retold-page-index.png")});
  await page.close();
});

test("a report file opens without a network and links passages", async () => {
  const report = path.join(work, "report.html");
  execFileSync(bin, ["report", path.join(root, "sample/original.txt"), path.join(root, "sample/rewritten.txt"),
                     "--out", report]);
  const page = await browser.newPage({viewport: {width: 1400, height: 900}});
  const requests = [];
  page.on("request", r => requests.push(r.url()));
  await page.goto("file://" + report);
  await page.waitForSelector(".passage");
  assert.deepEqual(requests.filter(u => !u.startsWith("file://")), []);
  assert.ok((await page.$$(".passage")).length >= 16);
  assert.ok((await page.$$(".passage mark")).length > 20, "changed words are marked");
  await page.screenshot({path: path.join(shots, "retold-report.png")});
  await page.close();
});

test("a refused write says why on the page, and a token lets it through", async () => {
  writeFileSync(path.join(work, "tokens"), "page-test-token\n");
  const [guarded, guardedUrl] = await serve(["--db", path.join(work, "guarded.db"), "--token-file",
                                             path.join(work, "tokens")]);
  const [readOnly, readOnlyUrl] = await serve(["--db", path.join(work, "index.db"), "--read-only"]);
  try {
    const page = await browser.newPage({viewport: {width: 1400, height: 900}});
    await page.goto(guardedUrl + "/");
    await page.fill("#text-a", sample("original.txt"));
    await page.fill("#doc-id", "tram-story");
    await page.click("#add");
    await page.waitForSelector("#status.error");
    const refused = await page.textContent("#status");
    assert.match(refused, /Refused: .*access token/);
    await page.screenshot({path: path.join(shots, "retold-page-refused.png")});
    await page.fill("#token", "page-test-token");
    await page.click("#add");
    await page.waitForFunction(() => document.querySelector("#status").textContent.startsWith("added"));
    assert.equal(await page.textContent("#status"), "added tram-story to the index");
    await page.goto(readOnlyUrl + "/");
    await page.fill("#text-a", sample("original.txt"));
    await page.fill("#doc-id", "another");
    await page.click("#add");
    await page.waitForSelector("#status.error");
    assert.match(await page.textContent("#status"), /Refused: this server is read-only/);
    await page.close();
  } finally {
    guarded.kill("SIGTERM");
    readOnly.kill("SIGTERM");
  }
});
