// One tab, driven the way a person uses it: by visible labels and button names. Built on a Playwright Page.

// Every wait is on a condition, with a deadline generous enough for a machine whose two cores are busy with other
// builds (CI): a condition that holds returns at once, so a long deadline costs nothing when all is well.
export const DEADLINE_MS = Number(process.env.SFTOKEN_E2E_DEADLINE_MS ?? 60_000);

export class PageDriver {
  constructor(page) {
    this.page = page;
  }
  async url() {
    return this.page.url();
  }
  async fill(label, value) {
    await this.page.getByLabel(label, { exact: false }).first().fill(value);
  }
  async click(buttonName) {
    await this.page.getByRole('button', { name: buttonName, exact: true }).click();
  }
  async check(label) {
    await this.page.getByLabel(label).check();
  }
  async select(label, optionText) {
    await this.page.getByLabel(label).selectOption({ label: optionText });
  }
  async text(selector) {
    return (await this.page.locator(selector).textContent()) ?? '';
  }
  async visible(selector) {
    return this.page.locator(selector).isVisible();
  }
  /** Waits until the element's text matches `pattern` (a RegExp or substring); returns the text. */
  async waitForText(selector, pattern, timeout = DEADLINE_MS) {
    const test = typeof pattern === 'string' ? (t) => t.includes(pattern) : (t) => pattern.test(t);
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = (await this.page.locator(selector).textContent().catch(() => '')) ?? '';
      if (test(last)) return last;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${selector} never matched ${pattern}; last text: ${JSON.stringify(last)} at ${this.page.url()}`);
  }
  async waitForUrl(pattern, timeout = DEADLINE_MS) {
    await this.page.waitForURL(pattern, { timeout });
  }
  /** Runs a function in the page (an extension page: with the extension's APIs). */
  evaluate(fn, arg) {
    return this.page.evaluate(fn, arg);
  }
  readClipboard() {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }
  /** One key pressed and released where the focus is, as a person does ('Tab', 'Shift+Tab', 'Enter', 'Space'). */
  async press(key) {
    await this.page.keyboard.press(key);
  }
  /** Text typed key by key into the focused control. */
  async type(text) {
    await this.page.keyboard.type(text);
  }
  screenshot(path) {
    return this.page.screenshot({ path, fullPage: true });
  }
  close() {
    return this.page.close();
  }
}
