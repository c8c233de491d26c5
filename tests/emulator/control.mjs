// Test-control API under /__emulator/ (any host). Not part of Salesforce;
// these requests are never logged.
export function handleControl(ctx, emu) {
  const { req, res, url } = ctx;
  const route = `${req.method} ${url.pathname}`;
  // POST|DELETE /__emulator/apps/{clientId}/certificate: body = PEM certificate (JWT bearer, §3.1).
  const cert = /^\/__emulator\/apps\/([^/]+)\/certificate$/.exec(url.pathname);
  if (cert && (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE')) {
    try {
      emu.setAppCertificate(decodeURIComponent(cert[1]), req.method === 'DELETE' ? null : ctx.body);
      return res.json(200, { ok: true });
    } catch (e) {
      return res.json(/unknown app/.test(e.message) ? 404 : 400, { error: e.message });
    }
  }
  switch (route) {
    // Device flow (§3.1): body {"userCode", "username", "decision": "allow"|"deny"}.
    case 'POST /__emulator/device/approve': {
      let body;
      try { body = JSON.parse(ctx.body || '{}'); } catch { return res.json(400, { error: 'invalid JSON' }); }
      try {
        if (body.decision === 'deny') emu.denyDevice(body.userCode);
        else emu.approveDevice(body.userCode, body.username);
        return res.json(200, { ok: true });
      } catch (e) {
        return res.json(400, { error: e.message });
      }
    }
    case 'GET /__emulator/log':
      return res.json(200, emu.log());
    case 'POST /__emulator/log/clear':
      emu.clearLog();
      return res.json(200, { ok: true });
    case 'POST /__emulator/clock': {
      let body;
      try { body = JSON.parse(ctx.body || '{}'); } catch { return res.json(400, { error: 'invalid JSON' }); }
      const ms = Number(body.advanceMs ?? 0);
      if (!Number.isFinite(ms) || ms < 0) return res.json(400, { error: 'advanceMs must be a non-negative number' });
      return res.json(200, { now: emu.clock.advance(ms) });
    }
    case 'GET /__emulator/clock':
      return res.json(200, { now: emu.clock.now() });
    case 'POST /__emulator/reset':
      emu.reset();
      return res.json(200, { ok: true });
    default:
      return res.json(404, { error: 'unknown control endpoint' });
  }
}
