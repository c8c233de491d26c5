// Self-signed TLS certificate for the emulator, made with the `openssl` CLI.
// docs/salesforce.md#hosts: "All OAuth endpoints require HTTPS" and the hosts that serve
// them (login.salesforce.com, test.salesforce.com, My Domain, Experience Cloud
// site). The SAN list covers those host shapes (#my-domain-hostnames table) plus 127.0.0.1.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SAN = [
  'DNS:*.salesforce.com',
  'DNS:login.salesforce.com',
  'DNS:test.salesforce.com',
  'DNS:*.my.salesforce.com',
  'DNS:*.sandbox.my.salesforce.com',
  'DNS:*.develop.my.salesforce.com',
  'DNS:*.my.site.com',
  'IP:127.0.0.1',
].join(',');

/** Creates a fresh RSA-2048 key + certificate (2 days) in a new temp dir. */
export function makeCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sf-emulator-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256',
      '-keyout', keyFile, '-out', certFile, '-days', '2',
      '-subj', '/CN=login.salesforce.com',
      '-addext', `subjectAltName=${SAN}`,
      '-addext', 'extendedKeyUsage=serverAuth',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    return {
      key: fs.readFileSync(keyFile),
      cert: fs.readFileSync(certFile),
      dir,
      cleanup() { fs.rmSync(dir, { recursive: true, force: true }); },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`openssl failed to make the emulator certificate: ${err.stderr || err.message}`);
  }
}
