// Test-control API under /__emulator/ (any host). Not part of Salesforce;
// these requests are never logged.
export function handleControl(ctx, emu) {
  const { req, res, url } = ctx;
  const route = `${req.method} ${url.pathname}`;
  // POST|DELETE /__emulator/apps/{clientId}/certificate: body = PEM certificate (JWT bearer, docs/salesforce.md#grants).
  const cert = /^\/__emulator\/apps\/([^/]+)\/certificate$/.exec(url.pathname);
  if (cert && (req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE')) {
    try {
      emu.setAppCertificate(decodeURIComponent(cert[1]), req.method === 'DELETE' ? null : ctx.body);
      return res.json(200, { ok: true });
    } catch (e) {
      return res.json(/unknown app/.test(e.message) ? 404 : 400, { error: e.message });
    }
  }
  const jsonBody = () => {
    try { return JSON.parse(ctx.body || '{}'); } catch { return undefined; }
  };
  switch (route) {
    // Fault modes (README): body {"endpoint", "mode", "retryAfter"?, "status"?, "count"?, "location"?}.
    case 'POST /__emulator/faults': {
      const body = jsonBody();
      if (!body) return res.json(400, { error: 'invalid JSON' });
      try {
        emu.setFault(body.endpoint, body.mode, body);
        return res.json(200, { ok: true, faults: emu.faults() });
      } catch (e) { return res.json(400, { error: e.message }); }
    }
    case 'GET /__emulator/faults':
      return res.json(200, emu.faults());
    // Clears one endpoint's fault (body {"endpoint"} or ?endpoint=) or all of them.
    case 'DELETE /__emulator/faults':
    case 'POST /__emulator/faults/clear': {
      const endpoint = url.searchParams.get('endpoint') ?? jsonBody()?.endpoint;
      emu.clearFaults(endpoint ?? undefined);
      return res.json(200, { ok: true, faults: emu.faults() });
    }
    // Org settings: refreshProcessingMs, failedExchangeBurnsCode, corsOAuthEndpoints, corsAllowlist, myDomainHop.
    case 'GET /__emulator/settings':
      return res.json(200, emu.settings());
    case 'POST /__emulator/settings': {
      const body = jsonBody();
      if (!body) return res.json(400, { error: 'invalid JSON' });
      try { return res.json(200, emu.setSettings(body)); } catch (e) { return res.json(400, { error: e.message }); }
    }
    // CORS allowlist: body {"allowlist": [origins], "enabled"?: true}.
    case 'POST /__emulator/cors': {
      const body = jsonBody();
      if (!body || !Array.isArray(body.allowlist)) return res.json(400, { error: 'body must be {"allowlist": [origins]}' });
      return res.json(200, emu.setCorsAllowlist(body.allowlist, { enabled: body.enabled ?? true }));
    }
    // Device flow (docs/salesforce.md#grants): body {"userCode", "username", "decision": "allow"|"deny"}.
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
