// @ts-check
// sftoken's device flow page, device.html?profile=<id>, opened in a tab by the popup's "Get token" (the flow waits
// minutes for the person, and a tab survives the popup closing while they go to approve). It shows the user code and
// the verification URL, polls at the interval Salesforce asks (lib/grants.js), then shows the token with its actions.
import { deviceGrant } from './lib/grants.js';
import { profiles } from './lib/store.js';
import { initTokenView, renderToken, storeToken } from './lib/token-view.js';
import { $, codeLine, copyText, setStatus, showResult } from './lib/ui.js';

async function main() {
  const profile = await profiles.get(new URLSearchParams(location.search).get('profile') ?? '');
  initTokenView(() => profile);
  renderToken(null);
  $('device-copy').addEventListener('click', () => copyText($('device-code').textContent, $('device-status'), 'Code copied to the clipboard.'));
  document.body.dataset.ready = 'true';
  if (!profile) {
    showResult('This profile is not saved.', 'Open sftoken, save the profile, then click "Get token".', '', 'error');
    return;
  }
  $('device-profile').textContent = profile.name || '(unnamed)';
  await run(profile);
}

/** @param {import('./lib/store.js').Profile} profile */
async function run(profile) {
  const abort = new AbortController();
  $('device-cancel').onclick = () => abort.abort();
  showResult('Asking Salesforce for a device code…');
  try {
    const token = await deviceGrant(profile, {
      signal: abort.signal,
      onCode(device) {
        $('result').hidden = true;
        $('device').hidden = false;
        $('device-code').textContent = device.userCode;
        Object.assign($('device-url'), { href: device.verificationUri, textContent: device.verificationUri });
        setStatus($('device-status'), 'Waiting for you to approve…');
      },
      // Progress, so a long wait never looks stuck; "Cancel" stops it.
      onPoll(polls, intervalMs) {
        const every = Math.round(intervalMs / 1000);
        setStatus($('device-status'), `Waiting for you to approve… asked Salesforce ${polls} time${polls === 1 ? '' : 's'} (every ${every} s, as it asks).`);
      },
    });
    $('device').hidden = true;
    await storeToken(profile.id, token, profile);
    showResult(`Got a token for ${profile.name}.`, '', '', 'ok');
  } catch (error) {
    $('device').hidden = true;
    showResult(error?.message ?? String(error), error?.hint ?? '', codeLine(error), 'error');
  }
}

main().catch((error) => {
  showResult(`sftoken could not start: ${error?.message ?? error}`, '', '', 'error');
});
