// Lighthouse (mobile, the default form factor) on the pages listed in a JSON file:
//   node run.mjs pages.json results.json
// pages.json: {"base": "http://127.0.0.1:8000", "pages": [{"name", "path", "cookie"?,
// "rechner"?: true}]}. A page with "cookie" is fetched signed in (the session cookie goes
// in an extra header); "rechner" fills in the Bürgergeld-Rechner and measures the result
// page the submit navigates to (a POST, so it runs as a Lighthouse user flow).
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { startFlow } from "lighthouse";
import puppeteer from "puppeteer-core";

const [pagesFile, outFile] = process.argv.slice(2);
const { base, pages } = JSON.parse(fs.readFileSync(pagesFile, "utf-8"));
const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"];
const DELIVERY = ["uses-text-compression", "uses-long-cache-ttl", "cache-insight",
                  "render-blocking-resources", "render-blocking-insight", "font-display",
                  "font-display-insight"];
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update"],
});

function summary(lhr) {
  const scores = Object.fromEntries(CATEGORIES.map(
    (id) => [id, Math.round((lhr.categories[id]?.score ?? 0) * 100)]));
  const failing = [];
  for (const id of CATEGORIES) {
    for (const ref of lhr.categories[id].auditRefs) {
      const audit = lhr.audits[ref.id];
      if (audit.scoreDisplayMode === "error") {
        failing.push(`${id}/${ref.id}: audit failed to run: ${audit.errorMessage}`);
        continue;
      }
      if (audit.score === null || audit.score >= 0.9 && id === "performance") continue;
      if (["notApplicable", "manual", "informative"].includes(audit.scoreDisplayMode)) continue;
      if (audit.score < 1 && (ref.weight > 0 || id !== "performance")) {
        failing.push(`${id}/${ref.id}: ${audit.displayValue || audit.title}`);
      }
    }
  }
  // delivery of the static files (the names differ between Lighthouse versions)
  const delivery = {};
  for (const id of DELIVERY) {
    const audit = lhr.audits[id];
    if (audit && audit.score !== null) delivery[id] = audit.score;
  }
  return { scores, failing, delivery, finalUrl: lhr.finalDisplayedUrl,
           runWarnings: lhr.runWarnings, runtimeError: lhr.runtimeError?.message };
}

// A run that could not measure (e.g. "NO_LCP" on a machine under heavy load) is repeated.
function measuredFully(lhr) {
  return !lhr.runtimeError && !Object.values(lhr.audits).some(
    (audit) => audit.scoreDisplayMode === "error");
}

async function measure(page) {
  const url = base + page.path;
  const headers = page.cookie ? { Cookie: `sessionid=${page.cookie}` } : undefined;
  let lhr;
  if (page.rechner) {
    const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
    const tab = await browser.newPage();
    await tab.goto(url);
    await tab.type("#id_as_geburtsdatum-tag", "14");
    await tab.type("#id_as_geburtsdatum-monat", "2");
    await tab.type("#id_as_geburtsdatum-jahr", "1988");
    await tab.type("#id_kaltmiete", "480");
    await tab.type("#id_nebenkosten", "170");
    await tab.type("#id_heizkosten", "90");
    const flow = await startFlow(tab, { config: { extends: "lighthouse:default",
      settings: { onlyCategories: CATEGORIES } } });
    await flow.navigate(async () => {
      // requestSubmit, not a click: Chromium stops recording the largest contentful paint
      // after an input event, and a click can reach the page after the navigation started.
      await Promise.all([tab.waitForNavigation(), tab.$eval("button.kern-btn--primary[value=berechnen]",
        (button) => button.form.requestSubmit(button))]);
    }, { name: page.name });
    lhr = (await flow.createFlowResult()).steps[0].lhr;
    await tab.close();
    await browser.disconnect();
  } else {
    const runner = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error",
      onlyCategories: CATEGORIES, extraHeaders: headers });
    lhr = runner.lhr;
  }
  return lhr;
}

const results = [];
for (const page of pages) {
  let lhr;
  for (let attempt = 1; attempt <= 3; attempt++) {
    lhr = await measure(page);
    if (measuredFully(lhr)) break;
    console.log(`${page.name}: incomplete run (attempt ${attempt}), again`);
  }
  const result = { name: page.name, path: page.path, ...summary(lhr) };
  results.push(result);
  console.log(`${page.name}: ${JSON.stringify(result.scores)} ${result.failing.join("; ")}`);
}
fs.writeFileSync(outFile, JSON.stringify(results, null, 1));
await chrome.kill();
