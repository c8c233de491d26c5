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
