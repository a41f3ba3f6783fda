import { Counter, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startHealthServer, type HealthReport, type RunningHealthServer } from './index.js';

describe('startHealthServer', () => {
  let server: RunningHealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves /healthz as 200 or 503 with the check’s details', async () => {
    let report: HealthReport = { ok: true, clients: 3 };
    server = await startHealthServer({ port: 0, check: () => report });
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(healthy.headers.get('content-type')).toBe('application/json');
    expect(await healthy.json()).toEqual({ status: 'ok', clients: 3 });

    report = { ok: false, reason: 'persistence closed' };
    const sick = await fetch(`${server.url}/healthz`);
    expect(sick.status).toBe(503);
    expect(await sick.json()).toEqual({ status: 'unavailable', reason: 'persistence closed' });
  });

  it('turns a check that throws or hangs into 503', async () => {
    let mode: 'throw' | 'hang' = 'throw';
    server = await startHealthServer({
      port: 0,
      checkTimeoutMs: 100,
      check: () => {
        if (mode === 'throw') throw new Error('boom');
        return new Promise<HealthReport>(() => undefined);
      },
    });
    const thrown = await fetch(`${server.url}/healthz`);
    expect(thrown.status).toBe(503);
    expect(await thrown.json()).toEqual({ status: 'unavailable', error: 'boom' });
    mode = 'hang';
    const hung = await fetch(`${server.url}/healthz`);
    expect(hung.status).toBe(503);
    expect(((await hung.json()) as { error: string }).error).toMatch(/over 100 ms/);
  });

  it('serves the registry on /metrics in Prometheus text format', async () => {
    const registry = new Registry();
    const counter = new Counter({ name: 'test_things_total', help: 'things', registers: [registry] });
    counter.inc(7);
    server = await startHealthServer({ port: 0, registry });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(await response.text()).toContain('test_things_total 7');
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    server = await startHealthServer({ port: 0 });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
