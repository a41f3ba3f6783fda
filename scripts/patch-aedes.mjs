#!/usr/bin/env node
// aedes 1.2 acknowledges a QoS 1 PUBLISH before it stores and routes the message, so a broker that
// crashes in between loses messages its publishers consider delivered (docs/security.md). This moves
// the PUBACK after broker.publish(), as aedes already does for QoS 2's PUBREC. Idempotent; run by
// `npm ci` (prepare). Remove once aedes acknowledges after storing.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let file;
try {
  file = join(dirname(require.resolve('aedes', { paths: [join(process.cwd(), 'apps/broker')] })), 'lib/handlers/publish.js');
} catch {
  process.exit(0); // aedes not installed (e.g. a partial install): nothing to patch
}
const before = `    case 1:
      write(client, new PubAck(packet), function (err) {
        if (err) { return done(err) }
        client.broker.publish(packet, client, done)
      })
      break`;
const after = `    case 1:
      // mjl: acknowledge only once the message is stored and routed (scripts/patch-aedes.mjs)
      client.broker.publish(packet, client, function (err) {
        if (err) { return done(err) }
        write(client, new PubAck(packet), done)
      })
      break`;
const source = readFileSync(file, 'utf8');
if (source.includes(after)) process.exit(0);
if (!source.includes(before)) {
  console.error(`scripts/patch-aedes.mjs: ${file} is not the aedes 1.2 this patch expects; check whether it is still needed`);
  process.exit(1);
}
writeFileSync(file, source.replace(before, after));
console.log('patched aedes: QoS 1 PUBACK after the message is stored and routed');
