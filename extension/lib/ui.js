// @ts-check
// Small DOM helpers shared by the pages (popup, result, device) and their modules.
export const $ = (id) => document.getElementById(id);

export function setStatus(element, text, tone = '') {
  element.textContent = text;
  element.className = tone;
}

/** A thrown core error `{message, hint}` (or anything else) as one readable line. */
export const describe = (error) => `${error?.message ?? String(error)} ${error?.hint ?? ''}`.trim();

/** The result card: what happened with a login, a grant or an exchange. */
export function showResult(message, hint = '', code = '', tone = '') {
  const box = $('result');
  box.hidden = false;
  box.className = `card ${tone}`;
  $('result-message').textContent = message;
  $('result-hint').textContent = hint ?? '';
  $('result-code').textContent = code ? `Salesforce said: ${code}` : '';
  $('retry').hidden = true;
}

/** Fills a <dl> with [term, value] rows. */
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
export function copyText(text, status, done) {
  if (!text) return;
  navigator.clipboard.writeText(text).then(
    () => setStatus(status, done, 'ok'),
    (error) => setStatus(status, `Could not copy: ${error.message}. Select it and copy it by hand.`, 'error'),
  );
}
