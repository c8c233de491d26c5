// @ts-check
// Small DOM helpers shared by the pages (popup, result, device) and their modules.

/**
 * An element of the page by id. The typed variants below are the same lookup, typed for what the pages' HTML holds
 * there (a cast, no runtime check): `field` for a control whose `.value` is read or set, `checkbox` for `.checked`.
 * @param {string} id
 * @returns {HTMLElement}
 */
export const $ = (id) => document.getElementById(id);

/**
 * An <input>, <select> or <textarea> by id.
 * @param {string} id
 * @returns {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement}
 */
export const field = (id) => /** @type {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} */ ($(id));

/**
 * An <input type="checkbox"> by id.
 * @param {string} id
 * @returns {HTMLInputElement}
 */
export const checkbox = (id) => /** @type {HTMLInputElement} */ ($(id));

/** A status line's tone: the CSS class. @typedef {'' | 'ok' | 'error'} Tone */

/**
 * @param {HTMLElement} element
 * @param {string} text
 * @param {Tone} [tone]
 */
export function setStatus(element, text, tone = '') {
  element.textContent = text;
  element.className = tone;
}

/**
 * A thrown core error `{message, hint}` (or anything else) as one readable line.
 * @param {any} error what a page caught: the core's `Failure` (see the .d.ts), or anything else
 * @returns {string}
 */
export const describe = (error) => `${error?.message ?? String(error)} ${error?.hint ?? ''}`.trim();

/**
 * The line under an explained failure: Salesforce's own error word when Salesforce answered, else sftoken's code
 * (a timeout, a network fault, a proxy's page: Salesforce said nothing).
 * @param {any} error what the core threw
 * @returns {string}
 */
export function codeLine(error) {
  if (error?.error) return `Salesforce said: ${error.error}`;
  return error?.code ? `Error: ${error.code}` : '';
}

/**
 * One [term, value] row for the same.
 * @param {any} error what the core threw
 * @returns {DetailRow}
 */
export function codeRow(error) {
  return error?.error ? ['Salesforce said', error.error] : ['Error', error?.code];
}

/**
 * The result card: what happened with a login, a grant or an exchange.
 * @param {string} message
 * @param {string} [hint]
 * @param {string} [code] the line naming the error (see `codeLine`)
 * @param {Tone} [tone]
 */
export function showResult(message, hint = '', code = '', tone = '') {
  const box = $('result');
  box.hidden = false;
  box.className = `card ${tone}`;
  $('result-message').textContent = message;
  $('result-hint').textContent = hint ?? '';
  $('result-code').textContent = code;
  $('retry').hidden = true;
}

/** One row of a <dl>: a term and its value (`—` when absent). @typedef {[string, string | undefined]} DetailRow */

/**
 * Fills a <dl> with [term, value] rows.
 * @param {HTMLElement} dl
 * @param {DetailRow[]} rows
 */
export function fillDetails(dl, rows) {
  dl.replaceChildren(
    ...rows.flatMap(([term, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value ?? '—';
      return [dt, dd];
    }),
  );
}

// writeText runs inside the click with the text already in memory: Firefox refuses clipboard writes that come
// after an await has lost the user gesture (BROWSERS.md).
/**
 * @param {string | undefined} text nothing to copy: nothing happens
 * @param {HTMLElement} status where to say it worked (or not)
 * @param {string} done what to say when it worked
 */
export function copyText(text, status, done) {
  if (!text) return;
  navigator.clipboard.writeText(text).then(
    () => setStatus(status, done, 'ok'),
    (error) => setStatus(status, `Could not copy: ${error.message}. Select it and copy it by hand.`, 'error'),
  );
}

/**
 * A panel whose module is loaded on first use, not at the page's start (the popup's start stays as small as an empty
 * page's: ./build.sh bench). `load()` imports and wires the module, once; it starts when the panel (a <details>) is
 * opened, when `warm` happens on it (e.g. 'focusin'), or at a click on a button or a change inside it. A button
 * clicked (a file chosen, a box ticked) before the module is wired is not lost: that click (change) is held and given
 * again once the module has wired its listeners.
 * @param {HTMLElement} panel
 * @param {() => Promise<unknown>} load
 * @param {string[]} [warm] events on the panel that start loading without waiting for a click
 * @returns {() => Promise<unknown>} starts loading (once) and resolves once wired
 */
export function loadOnUse(panel, load, warm = []) {
  /** @type {Promise<unknown> | null} */
  let loading = null;
  let wired = false;
  const start = () =>
    (loading ??= load().then(
      () => {
        wired = true;
      },
      (error) => {
        loading = null; // a failed fetch may work the next time
        throw error;
      },
    ));
  panel.addEventListener('toggle', () => {
    if (/** @type {HTMLDetailsElement} */ (panel).open) start().catch(() => {});
  });
  for (const type of warm) panel.addEventListener(type, () => start().catch(() => {}));
  const held = (/** @type {() => void} */ replay) =>
    start().then(replay, (error) => console.error('sftoken: a panel could not load', error));
  panel.addEventListener(
    'click',
    (event) => {
      const button = /** @type {Element} */ (event.target).closest?.('button');
      if (wired || !button) return;
      event.stopImmediatePropagation();
      event.preventDefault();
      held(() => /** @type {HTMLButtonElement} */ (button).click());
    },
    { capture: true },
  );
  // A choice made before then (a file chosen, a box ticked) is given again the same way.
  panel.addEventListener(
    'change',
    (event) => {
      if (wired) return;
      const target = /** @type {Element} */ (event.target);
      event.stopImmediatePropagation();
      held(() => target.dispatchEvent(new Event('change', { bubbles: true })));
    },
    { capture: true },
  );
  return start;
}
