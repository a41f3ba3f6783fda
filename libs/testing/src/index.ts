import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Helpers for tests that run real servers (Debian's mosquitto and redis-server) on loopback. */

/**
 * Fresh temporary directories under one parent, removed together: `afterAll(dirs.remove)`. (Property
 * tests make hundreds per run; one each in the system's temporary directory piled up by thousands.)
 */
export function temporaryDirs(prefix: string): { make(): string; remove(): void } {
  let parent: string | undefined;
  return {
    make() {
      parent ??= mkdtempSync(join(tmpdir(), `${prefix}-`));
      return mkdtempSync(join(parent, 'd-'));
    },
    remove() {
      if (parent) rmSync(parent, { recursive: true, force: true });
      parent = undefined;
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(25);
  }
}

/** Path of a Debian-packaged server, or an error saying how to install it. */
export function serverBinary(name: string, debianPackage: string): string {
  const found = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/sbin/${name} /usr/bin/${name} 2>/dev/null`], { encoding: 'utf8' });
  const path = found.stdout.trim().split('\n')[0];
  if (!path) throw new Error(`${name} is not installed: apt-get install ${debianPackage} (.ci/run does)`);
  return path;
}

export interface RunningServer {
  port: number;
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function startServer(binary: string, args: string[], port: number, url: string): Promise<RunningServer> {
  const child = spawn(binary, args, { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port);
  return {
    port,
    url,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Debian's Mosquitto on a free loopback port, as a peer broker. */
export async function startMosquitto(): Promise<RunningServer> {
  const port = await freePort();
  return startServer(serverBinary('mosquitto', 'mosquitto'), ['-p', String(port)], port, `mqtt://127.0.0.1:${port}`);
}

/** Debian's redis-server on a free loopback port, without persistence. */
export async function startRedis(): Promise<RunningServer> {
  const port = await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  return startServer(serverBinary('redis-server', 'redis-server'), args, port, `redis://127.0.0.1:${port}`);
}
