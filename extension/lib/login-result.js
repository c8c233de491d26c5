// @ts-check
// What a web-server login came back with, shown in the result card: Salesforce's refusal explained, or the captured
// code exchanged for a token (lib/login.js) and stored (lib/token-view.js). Used by the result page (result.html,
// which the login tab becomes) and by the popup when a captured code waits because its result tab was closed.
// A code Salesforce refused for a fixable reason (a wrong consumer secret) is kept while it lives: "Try again".
import { codeExpired, exchangeCode } from './login.js';
import { flows, profiles } from './store.js';
import { storeToken } from './token-view.js';
import { $, showResult } from './ui.js';

/** @typedef {import('./store.js').LoginFlow} LoginFlow */

/**
 * Shows a login's outcome: its failure, or its captured code exchanged. `flow` null: already finished or expired.
 * @param {LoginFlow | null} flow
 */
export async function showFlow(flow) {
  if (!flow) {
    showResult('This login is already finished or has expired.', 'Its token, if any, is shown below.');
    return;
  }
  if (flow.failure) {
    await flows.remove(flow.state);
    showResult(flow.failure.message, flow.failure.hint, flow.failure.error, 'error');
    return;
  }
  if (flow.captured) await exchange(flow);
}

/**
 * Offers "Try again" for a login whose captured code waits.
 * @param {LoginFlow} flow
 */
export function offerRetry(flow) {
  const retry = $('retry');
  retry.hidden = false;
  retry.onclick = async () => {
    retry.hidden = true;
    const fresh = await flows.get(flow.state);
    if (fresh) await exchange(fresh);
    else showResult('This login is already finished or has expired.', 'Click "Log in" again.', '', 'error');
  };
}

/** @param {LoginFlow} flow one with a captured code */
async function exchange(flow) {
  if (await codeExpired(flow)) {
    await flows.remove(flow.state);
    showResult('The authorization code expired (Salesforce codes live 15 minutes).', 'Click "Log in" again.', '', 'error');
    return;
  }
  showResult('Exchanging the authorization code for a token…');
  // The profile as it is now: a consumer secret fixed and saved after a failure is the one sent on "Try again".
  const profile = await profiles.get(flow.profileId);
  try {
    await storeToken(flow.profileId, await exchangeCode(flow, profile));
    await flows.remove(flow.state);
    showResult(`Logged in to ${profile?.name || 'Salesforce'}.`, '', '', 'ok');
  } catch (error) {
    const keep = error?.retrySameCode === true && !(await codeExpired(flow));
    if (!keep) await flows.remove(flow.state);
    const next = keep ? 'Fix the profile below, click "Save", then "Try again".' : 'Then click "Log in" again.';
    showResult(error?.message ?? String(error), `${error?.hint ?? ''} ${next}`.trim(), error?.error ?? error?.code ?? '', 'error');
    if (keep) offerRetry(flow);
  }
}
