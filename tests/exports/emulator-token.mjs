// A real token from the emulator for the export and paste tests: the device flow of the emulator's device-enabled
// app (it issues an access token `00D…!…` and a refresh token), approved through the emulator's control API as the
// person at the verification page would. Also the emulator's TLS certificate, read off the wire, so that real
// clients (curl, HTTPie) can trust it.
import { request } from 'node:https';
import { connect } from 'node:tls';

/** POSTs a form to the emulator on `host` (its Host header and TLS name). @returns {Promise<{status: number, json: any}>} */
export function postForm(emulator, path, fields, host = 'login.salesforce.com') {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: emulator.port, path, method: 'POST', rejectUnauthorized: false, servername: host,
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode, json: JSON.parse(text || 'null') }));
      },
    );
    req.on('error', reject);
    req.end(new URLSearchParams(fields).toString());
  });
}

/**
 * A token of the emulator's device app for its first user: `{app, user, token}` (`token` as Salesforce's JSON).
 * @param {any} emulator a started emulator (tests/emulator/server.mjs)
 */
export async function deviceToken(emulator, scope = 'api refresh_token') {
  const app = emulator.config.apps.find((a) => a.deviceFlowEnabled);
  const user = emulator.config.users[0];
  const start = await postForm(emulator, '/services/oauth2/token', { response_type: 'device_code', client_id: app.clientId, scope });
  if (start.status !== 200) throw new Error(`device code: ${JSON.stringify(start.json)}`);
  emulator.approveDevice(start.json.user_code, user.username);
  const poll = await postForm(emulator, '/services/oauth2/token', {
    grant_type: 'device', client_id: app.clientId, client_secret: app.clientSecret, code: start.json.device_code,
  });
  if (poll.status !== 200) throw new Error(`device poll: ${JSON.stringify(poll.json)}`);
  return { app, user, token: poll.json };
}

/** The emulator's certificate (PEM), as a TLS client sees it. @returns {Promise<string>} */
export function emulatorCertificate(emulator) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: emulator.port, servername: 'login.salesforce.com', rejectUnauthorized: false }, () => {
      const der = socket.getPeerCertificate(true).raw;
      socket.end();
      const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
      resolve(`-----BEGIN CERTIFICATE-----\n${b64}-----END CERTIFICATE-----\n`);
    });
    socket.on('error', reject);
  });
}
