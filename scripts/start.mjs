#!/usr/bin/env node
// `npm start`: the embedded default. A broker on 127.0.0.1:1883, the aggregator, and three simulated
// sites (kitchen, garage, attic), each a gateway with 3 AudioClassifier devices behind 1 MjlDriver.
// Ctrl-C stops all of it. Every part is the same entry point users run (npx mjl-broker, …).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const port = process.env.MJL_PORT ?? '1883';
const broker = `mqtt://127.0.0.1:${port}`;
const children = [];

function start(name, bin, args) {
  const child = spawn(process.execPath, [`${root}${bin}`, ...args], {
    // Own process groups: Ctrl-C reaches only this script, which stops the parts in order.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MJL_LOG_LEVEL: process.env.MJL_LOG_LEVEL ?? 'warn' },
  });
  children.push(child);
  child.stdout.on('data', (chunk) => process.stdout.write(`[${name}] ${chunk}`));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`[${name}] exited (${signal ?? code}); stopping everything\n`);
      stop(1);
    }
  });
  return new Promise((resolve) => child.stdout.once('data', resolve));
}

let stopping = false;
const exited = (child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null);
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  // Gateways and the aggregator first, so that they say goodbye through the broker; the broker last.
  const [broker, ...others] = children;
  for (const child of others) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all(others.map(exited));
  if (broker && broker.exitCode === null) broker.kill('SIGTERM');
  await exited(broker ?? {});
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

await start('broker', 'apps/broker/bin/mjl-broker.js', ['--host', '127.0.0.1', '--port', port]);
await start('aggregator', 'apps/aggregator/bin/mjl-aggregator.js', ['--broker', broker, '--window', '3ms']);
for (const [index, site] of ['kitchen', 'garage', 'attic'].entries()) {
  await start(site, 'apps/gateway-agent/bin/mjl-gateway.js', [
    '--site', site, '--gateway', `pi-${index + 1}`, '--broker', broker, '--simulate', 'AudioClassifier:3:0.9',
  ]);
}
process.stdout.write(`
mjl is running: broker ${broker}, aggregator, and 3 simulated sites.
In another terminal:  npx mjl devices   ·   npx mjl services
Press Ctrl-C to stop.
`);
