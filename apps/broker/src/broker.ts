import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import * as aedesPersistence from 'aedes-persistence';
import { WebSocketServer, createWebSocketStream } from 'ws';
import type { Logger } from '@mjl/runtime';
import { markEndOfRetained } from './retained-marker.js';

export interface BrokerConfig {
  host: string;
  port: number;
  /** MQTT over WebSocket; undefined = off. */
  wsPort?: number | undefined;
}

export interface RunningBroker {
  /** Where the listeners ended up (port 0 picks a free port). */
  port: number;
  wsPort: number | undefined;
  stop(): Promise<void>;
}

function listen(server: Server | HttpServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server | HttpServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startBroker(config: BrokerConfig, logger: Logger): Promise<RunningBroker> {
  // aedes-persistence is CommonJS whose typings declare an ES default export.
  const memoryPersistence = aedesPersistence.default as unknown as typeof aedesPersistence.default.default;
  const persistence = markEndOfRetained(memoryPersistence());
  const aedes = await Aedes.createBroker({ persistence });

  aedes.on('client', (client) => logger.debug({ client: client.id }, 'client connected'));
  aedes.on('clientDisconnect', (client) => logger.debug({ client: client.id }, 'client disconnected'));
  aedes.on('clientError', (client, error) => logger.debug({ client: client.id, err: error.message }, 'client error'));
  aedes.on('connectionError', (_client, error) => logger.debug({ err: error.message }, 'connection error'));

  const tcp = createServer((socket) => aedes.handle(socket));
  const port = await listen(tcp, config.port, config.host);
  logger.info({ host: config.host, port }, 'MQTT listening');

  let http: HttpServer | undefined;
  let wss: WebSocketServer | undefined;
  let wsPort: number | undefined;
  if (config.wsPort !== undefined) {
    http = createHttpServer();
    wss = new WebSocketServer({ server: http });
    wss.on('connection', (socket, request) => aedes.handle(createWebSocketStream(socket) as never, request as never));
    wsPort = await listen(http, config.wsPort, config.host);
    logger.info({ host: config.host, port: wsPort }, 'MQTT over WebSocket listening');
  }

  return {
    port,
    wsPort,
    async stop() {
      const closing = [close(tcp)];
      if (http && wss) {
        for (const client of wss.clients) client.terminate();
        closing.push(close(http));
      }
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await Promise.all(closing);
    },
  };
}
