// @ts-check
// "Check setup" on the profile form: what Salesforce reveals about the profile's app without anybody logging in, as
// a checklist whose lines are green (pass), red (fail, with the fix) or grey (Salesforce does not tell before a
// login: what the admin must have enabled). The checks and their verdicts are the core's (checkSetup).
import { core } from './core.js';
import { $, describe, setStatus } from './ui.js';

let checking = false;

/**
 * Runs the check for the profile as the form holds it (saved or not) and shows the checklist.
 * @param {import('../pkg/sftoken.js').ProfileInput} draft
 */
export async function checkSetup(draft) {
  if (checking) return;
  checking = true;
  const list = $('setup-checklist');
  list.replaceChildren();
  list.hidden = true;
  $('setup-check').dataset.busy = 'true';
  setStatus($('setup-status'), 'Asking Salesforce…');
  try {
    const result = await (await core()).checkSetup(draft);
    list.replaceChildren(...result.lines.map((line) => {
      const item = document.createElement('li');
      item.className = line.status;
      item.dataset.check = line.id;
      const label = document.createElement('strong');
      label.textContent = `${MARK[line.status]} ${line.label}`;
      const message = document.createElement('span');
      message.textContent = ` ${line.message}`;
      item.append(label, message);
      if (line.hint) {
        const hint = document.createElement('p');
        hint.className = 'hint';
        hint.textContent = line.hint;
        item.append(hint);
      }
      return item;
    }));
    list.hidden = false;
    setStatus(
      $('setup-status'),
      result.allPassed ? `Everything Salesforce shows about this app on ${result.host} is in order.` : `Checked on ${result.host}: see each line.`,
      result.allPassed ? 'ok' : '',
    );
  } catch (error) {
    setStatus($('setup-status'), describe(error), 'error');
  } finally {
    checking = false;
    delete $('setup-check').dataset.busy;
  }
}

/** A mark besides the colour, for who cannot tell red from green. */
const MARK = { pass: '✓', fail: '✗', unknown: '?' };
