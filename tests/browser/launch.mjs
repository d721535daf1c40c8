// Shared: start the system's headless Chromium through playwright-core (no browser download).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const EXECUTABLE = process.env.CHROMIUM || "/usr/bin/chromium";

export async function withBrowser(fn) {
  const profile = mkdtempSync(join(tmpdir(), "edzkg-chromium-"));
  // A persistent context on a new empty profile directory = Chromium's --user-data-dir.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: EXECUTABLE,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = browser.pages()[0] || await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    return await fn(page, errors);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
