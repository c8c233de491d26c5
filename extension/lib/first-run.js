// @ts-check
// The popup's first start (no profile yet): what to create in Salesforce, with the exact values the form below will
// use (its Callback URL and Scopes, so the two can never disagree) one click from the clipboard. It goes away with the
// first saved profile.
import { $, copyText, field } from './ui.js';

let wired = false;

/**
 * Shows the first-run steps when there is no profile, hides them otherwise.
 * @param {number} profileCount
 */
export function showFirstRun(profileCount) {
  $('first-run').hidden = profileCount > 0;
  if (profileCount > 0) return;
  $('first-run-callback').textContent = field('redirect-uri').value;
  $('first-run-scopes').textContent = field('scopes').value;
  if (wired) return;
  wired = true;
  const status = $('first-run-status');
  $('copy-first-run-callback').addEventListener('click', () => copyText(field('redirect-uri').value, status, 'Callback URL copied to the clipboard.'));
  $('copy-first-run-scopes').addEventListener('click', () => copyText(field('scopes').value, status, 'Scopes copied to the clipboard.'));
}
