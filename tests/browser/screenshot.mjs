// node tests/browser/screenshot.mjs URL OUT.png [fullPage]: a picture of one page (for looking at it).
import { withBrowser } from "./launch.mjs";

const [url, out, full] = process.argv.slice(2);
await withBrowser(async (page) => {
  await page.goto(url, { waitUntil: "networkidle" });
  await page.screenshot({ path: out, fullPage: full === "full" });
});
