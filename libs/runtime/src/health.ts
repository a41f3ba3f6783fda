import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What /metrics serves: a prom-client Registry, or anything with the same two members. */
export interface MetricsSource {
  readonly contentType: string;
  metrics(): Promise<string>;
}

/** A health check's verdict; the details are served with it as JSON. */
export interface HealthReport {
  ok: boolean;
  [detail: string]: unknown;
}

export interface HealthServerOptions {
  /** Default 127.0.0.1: metrics are not for the whole network unless asked for. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Served on /metrics; absent = 404. */
  registry?: MetricsSource;
  /** Run on each /healthz; absent = always ok. A check that throws or takes over `checkTimeoutMs` is a failure. */
  check?: () => HealthReport | Promise<HealthReport>;
  /** Default 2000. */
  checkTimeoutMs?: number;
}

export interface RunningHealthServer {
  port: number;
  /** e.g. http://127.0.0.1:9464 */
  url: string;
  close(): Promise<void>;
}

async function runCheck(check: HealthServerOptions['check'], timeoutMs: number): Promise<HealthReport> {
  if (!check) return { ok: true };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HealthReport>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `health check took over ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(check), timeout]);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

/**
 * A small HTTP server for operators: GET /healthz answers 200 {"status":"ok", …details} or
 * 503 {"status":"unavailable", …details}; GET /metrics serves Prometheus text from the registry.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<RunningHealthServer> {
  const host = options.host ?? '127.0.0.1';
  const checkTimeoutMs = options.checkTimeoutMs ?? 2000;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return send(response, 405, 'text/plain', 'method not allowed\n');
    }
    if (path === '/healthz') {
      const { ok, ...details } = await runCheck(options.check, checkTimeoutMs);
      return send(response, ok ? 200 : 503, 'application/json', `${JSON.stringify({ status: ok ? 'ok' : 'unavailable', ...details })}\n`);
    }
    if (path === '/metrics' && options.registry) {
      return send(response, 200, options.registry.contentType, await options.registry.metrics());
    }
    return send(response, 404, 'text/plain', `not found: try /healthz${options.registry ? ' or /metrics' : ''}\n`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) send(response, 500, 'text/plain', `${error.message}\n`);
      else response.destroy(error);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
