// node tests/browser/ui_flow.mjs BASE_URL SHOT_DIR
// The researcher's path: open the query UI, run the first example question, see result rows,
// click a result IRI, land on its page and see the highlighted source sentence.
// Prints one JSON object with what was seen; exits 1 on a step that failed.
import { join } from "node:path";
import { withBrowser } from "./launch.mjs";

const [base, shots] = process.argv.slice(2);
const seen = { steps: [] };
let failed = false;
try {
  await withBrowser(async (page, errors) => {
    seen.errors = errors;
    seen.external = [];
    page.context().on("request", (r) => { if (!r.url().startsWith(base + "/")) seen.external.push(r.url()); });
    await page.goto(base + "/", { waitUntil: "networkidle" });
    seen.title = await page.title();
    seen.editor = await page.locator(".CodeMirror").count();
    // Completion from the dataset itself: a property name after a variable in the default query.
    await page.locator(".CodeMirror").first().click();
    await page.keyboard.press("Control+Home");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("End");
    await page.keyboard.type("\n  ?zone edz:loc");
    await page.keyboard.press("Control+Space");
    await page.locator(".CodeMirror-hints li").first().waitFor({ timeout: 15000 }).catch(() => {});
    seen.completions = await page.locator(".CodeMirror-hints li").allTextContents();
    await page.keyboard.press("Escape");
    const example = page.locator("#examples button.example").first();
    seen.example = (await example.textContent()).trim();
    await example.click();
    const rows = page.locator(".yasr table.dataTable tbody tr");
    await rows.first().waitFor({ timeout: 30000 });
    await page.waitForFunction(() => !document.querySelector(".yasr .dataTable td.dt-empty"), null, { timeout: 30000 });
    seen.rows = await rows.evaluateAll((trs) => trs.map((tr) => tr.innerText.trim()));
    seen.steps.push("results");
    if (shots) await page.screenshot({ path: join(shots, "ui-results.png"), fullPage: true });
    const link = page.locator(`.yasr table.dataTable tbody a[href^="${base}/id/"]`).first();
    seen.clicked = await link.getAttribute("href");
    // YASGUI opens result IRIs in a new browser tab; the IRI answers 303 → its HTML page.
    // A long IRI is cut short (ellipsis) in its column: the first click opens the cell, as for a user.
    const folded = link.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' expandable ')]");
    if (await folded.count()) {
      await folded.first().click({ position: { x: 5, y: 5 } });
      seen.steps.push("expanded");
    }
    const [tab] = await Promise.all([page.context().waitForEvent("page", { timeout: 30000 }), link.click()]);
    await tab.waitForLoadState("load");
    seen.landed = tab.url();
    seen.heading = (await tab.locator("h1").first().textContent()).trim();
    seen.marks = await tab.locator("blockquote.evidence mark").allTextContents();
    seen.steps.push("page");
    if (shots) await tab.screenshot({ path: join(shots, "resource-page.png"), fullPage: true });
  });
} catch (e) {
  seen.failure = String(e && e.stack || e);
  failed = true;
}
process.stdout.write(JSON.stringify(seen) + "\n");
process.exit(failed ? 1 : 0);
