// dist/firefox must pass `web-ext lint` (addons-linter, what addons.mozilla.org runs) with no error and no warning.
// The Firefox manifest carries only background.scripts, so not even BACKGROUND_SERVICE_WORKER_IGNORED appears.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const webExt = fileURLToPath(new URL('../node_modules/.bin/web-ext', import.meta.url));
const sourceDir = fileURLToPath(new URL('../../dist/firefox', import.meta.url));

test('web-ext lint of dist/firefox: 0 errors, 0 warnings', () => {
  let out;
  try {
    out = execFileSync(webExt, ['lint', '--source-dir', sourceDir, '--output', 'json'], { encoding: 'utf8' });
  } catch (error) {
    out = error.stdout; // web-ext exits non-zero when it finds errors; the JSON still says which.
  }
  const report = JSON.parse(out);
  const findings = [...report.errors, ...report.warnings].map((m) => `${m.code}: ${m.message} (${m.file ?? ''})`);
  assert.deepEqual(findings, []);
  assert.equal(report.summary.errors, 0);
});
