// @ts-check
// What a web-server login came back with, shown in the result card: Salesforce's refusal explained, or the captured
// code exchanged for a token (lib/login.js) and stored (lib/token-view.js). Used by the result page (result.html,
// which the login tab becomes) and by the popup when a captured code waits because its result tab was closed.
// A code Salesforce refused for a fixable reason (a wrong consumer secret) is kept while it lives: "Try again".
// One exchange per login (lib/owner.js): under the login's lock, and marked `exchanging` in the stored login while its
// code is at Salesforce, so neither a reload of the result page nor "Try again" in another page sends it twice.
import { codeExpired, exchangeCode } from './login.js';
import { busy, exchangeLock, exclusively, ifFree } from './owner.js';
import { flows, profiles } from './store.js';
import { storeToken } from './token-view.js';
import { $, codeLine, showResult } from './ui.js';

/** @typedef {import('./owner.js').OwnedFlow} LoginFlow */

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
    showResult(flow.failure.message, flow.failure.hint, flow.failure.error ? `Salesforce said: ${flow.failure.error}` : '', 'error');
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

/**
 * Exchanges a login's code once: if another page is exchanging it, waits for that page's outcome instead.
 * @param {LoginFlow} flow one with a captured code
 */
async function exchange(flow) {
  const outcome = await ifFree(exchangeLock(flow.state), async () => {
    /** @type {LoginFlow | null} */
    const fresh = await flows.get(flow.state);
    if (!fresh?.captured) return 'finished';
    if (fresh.exchanging) {
      // Its code went to Salesforce from a page that closed (or reloaded) before the answer: never send it twice.
      await flows.remove(fresh.state);
      return 'sent';
    }
    await exchangeOnce(fresh);
    return 'done';
  });
  if (outcome === 'finished') {
    showResult('This login is already finished or has expired.', 'Its token, if any, is shown below.');
  } else if (outcome === 'sent') {
    showResult(
      "This login's code was already sent to Salesforce, from a page that was closed or reloaded before the answer came.",
      'A code is used only once: if no token is shown below, click "Log in" again.',
      '',
      'error',
    );
  } else if (outcome === busy) {
    showResult("This login's code is being exchanged in another sftoken page…", 'The token appears here as soon as it is stored.');
    await exclusively(exchangeLock(flow.state), async () => {});
    const after = await flows.get(flow.state);
    if (!after) {
      showResult('This login is finished: its token, if any, is shown below.', '', '', 'ok');
    } else {
      showResult('The other page could not exchange this code.', 'See that page, or click "Try again".', '', 'error');
      offerRetry(after);
    }
  }
}

// Firefox aborts a page's requests as soon as it starts to navigate away, before pagehide: beforeunload comes first.
let leaving = false;
for (const type of ['beforeunload', 'pagehide']) {
  addEventListener(type, () => {
    leaving = true;
  });
}

/** @param {LoginFlow} flow one with a captured code, not yet sent */
async function exchangeOnce(flow) {
  if (await codeExpired(flow)) {
    await flows.remove(flow.state);
    showResult('The authorization code expired (Salesforce codes live 15 minutes).', 'Click "Log in" again.', '', 'error');
    return;
  }
  // Progress while Salesforce answers. No "Cancel": a code once sent cannot be taken back, and the request ends by
  // itself within 30 s (the core's timeout), explained, with the code kept for "Try again" while it lives.
  const started = Date.now();
  const waiting = () => `Exchanging the authorization code for a token… ${Math.round((Date.now() - started) / 1000)} s (sftoken stops waiting after 30 s).`;
  showResult(waiting());
  const ticking = setInterval(() => {
    if ($('result-message').textContent.startsWith('Exchanging')) $('result-message').textContent = waiting();
  }, 1000);
  // The profile as it is now: a consumer secret fixed and saved after a failure is the one sent on "Try again".
  const profile = await profiles.get(flow.profileId);
  /** @type {LoginFlow} */
  const marked = { ...flow, exchanging: Date.now() };
  await flows.put(marked);
  /** @type {import('../pkg/sftoken.js').Token} */
  let token;
  try {
    performance.mark('sftoken:exchange-sent'); // the benchmark subtracts the token request's own round trip
    token = await exchangeCode(flow, profile);
    performance.mark('sftoken:exchange-answered');
  } catch (error) {
    clearInterval(ticking);
    // A page going away (closed, reloaded) sees its request aborted: the code may be at Salesforce, so the mark stays.
    if (leaving) return;
    const keep = error?.retrySameCode === true && !(await codeExpired(flow));
    if (keep) await flows.put(flow); // answered (the mark goes): "Try again" may send it again
    else await flows.remove(flow.state);
    // The core says what comes next: nothing to change (a fault on the way, a moment's wait), a profile to fix, or
    // a new login because the code is gone.
    const next = !keep
      ? 'Then click "Log in" again.'
      : error?.nextStep === 'fix_profile_then_try_again'
        ? 'Fix the profile below, click "Save", then "Try again".'
        : 'Then click "Try again".';
    showResult(error?.message ?? String(error), `${error?.hint ?? ''} ${next}`.trim(), codeLine(error), 'error');
    if (keep) offerRetry(flow);
    return;
  }
  clearInterval(ticking);
  // The token first: stored (or, if storage fails, shown and said so) before anything else can fail.
  const saved = await storeToken(flow.profileId, token, { ...flow, flow: 'web_server' });
  await flows.remove(flow.state).catch(() => {});
  showResult(`Logged in to ${profile?.name || 'Salesforce'}.`, saved ? '' : 'The token could not be saved: copy it now.', '', saved ? 'ok' : 'error');
}
