#!/usr/bin/env node
// Fixes of aedes 1.2 that cannot be made from outside it (docs/security.md). Idempotent; run by
// `npm ci` (prepare). Each patch names what it fixes; remove one once aedes does it itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let root;
try {
  root = dirname(require.resolve('aedes', { paths: [join(process.cwd(), 'apps/broker')] }));
} catch {
  process.exit(0); // aedes not installed (e.g. a partial install): nothing to patch
}

const patches = [
  {
    // aedes acknowledges a QoS 1 PUBLISH before it stores and routes the message, so a broker that
    // crashes in between loses messages its publishers consider delivered. The PUBACK goes after
    // broker.publish(), as aedes already does for QoS 2's PUBREC. Where the persistence writes
    // behind (mjl's LevelDB, apps/broker/src/persistence.ts), the broker has \`mjlDurable()\`: the
    // PUBACK then also waits until what the message stored is safe (on disk, or a queued copy
    // delivered and acknowledged), while aedes reads and routes the client's next packets.
    what: 'QoS 1 PUBACK after the message is stored and routed',
    file: 'lib/handlers/publish.js',
    before: `    case 1:
      write(client, new PubAck(packet), function (err) {
        if (err) { return done(err) }
        client.broker.publish(packet, client, done)
      })
      break`,
    after: `    case 1:
      // mjl: acknowledge only once the message is stored and routed (scripts/patch-aedes.mjs)
      client.broker.publish(packet, client, function (err) {
        if (err) { return done(err) }
        const durable = client.broker.mjlDurable
        if (!durable) { return write(client, new PubAck(packet), done) }
        done()
        durable().then(() => write(client, new PubAck(packet), mjlNoop), (err) => client.emit('error', err))
      })
      break`,
  },
  {
    what: 'a callback that does nothing, for the PUBACK patch',
    file: 'lib/handlers/publish.js',
    before: `export default handlePublish`,
    after: `function mjlNoop () {}

export default handlePublish`,
  },
  {
    // A persistent session that reconnects gets its queue streamed while live messages, also
    // queued, are delivered: a message can go out twice. When one copy is acknowledged first, the
    // other finds its queue entry gone ("no such packet") and aedes disconnected the client, whose
    // unacknowledged publishes were then sent again (duplicates downstream). Gone means delivered
    // and acknowledged: skip that copy.
    what: 'no disconnect for a queued message already acknowledged (live delivery)',
    file: 'lib/client.js',
    before: `function writeQoS (err, client, packet) {
  if (err) {`,
    after: `function writeQoS (err, client, packet) {
  // mjl: a message already delivered and acknowledged is not an error (scripts/patch-aedes.mjs)
  if (err && err.message === 'no such packet') return packet.writeCallback()
  if (err) {`,
  },
  {
    what: 'no disconnect for a queued message already acknowledged (queue replay)',
    file: 'lib/handlers/connect.js',
    before: `  const next = packet.writeCallback

  if (err) {`,
    after: `  const next = packet.writeCallback

  // mjl: a message already delivered and acknowledged is not an error (scripts/patch-aedes.mjs)
  if (err && err.message === 'no such packet') return next()
  if (err) {`,
  },
  {
    // Retained messages sent on SUBSCRIBE went out at the QoS they were stored with, whatever the
    // subscription was granted (aedes downgraded only for a filter equal to the topic). MQTT 3.1.1
    // 3.8.4: at most the granted QoS. `mjl devices` subscribes with QoS 0 and acknowledged thousands.
    what: 'retained messages at most at the QoS granted to a matching filter',
    file: 'lib/handlers/subscribe.js',
    before: `      // this should not be deduped
      packet.brokerId = null
      client.deliverQoS(packet, cb)`,
    after: `      // this should not be deduped
      packet.brokerId = null
      // mjl: at most the QoS granted to a matching filter of this SUBSCRIBE (scripts/patch-aedes.mjs)
      let granted = 0
      for (const sub of subs) if (sub.qos !== 128 && sub.qos > granted && mjlTopicMatches(sub.topic, packet.topic)) granted = sub.qos
      if (packet.qos > granted) packet.qos = granted
      client.deliverQoS(packet, cb)`,
  },
  {
    what: 'topic matching for the retained QoS patch',
    file: 'lib/handlers/subscribe.js',
    before: `function noop () { }

export default handleSubscribe`,
    after: `function noop () { }

// mjl: whether an MQTT topic filter matches a topic (scripts/patch-aedes.mjs)
function mjlTopicMatches (filter, topic) {
  const f = filter.split('/')
  const t = topic.split('/')
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true
    if (i >= t.length || (f[i] !== '+' && f[i] !== t[i])) return false
  }
  return f.length === t.length
}

export default handleSubscribe`,
  },
];

let failed = false;
for (const patch of patches) {
  const file = join(root, patch.file);
  const source = readFileSync(file, 'utf8');
  if (source.includes(patch.after)) continue;
  if (!source.includes(patch.before)) {
    console.error(`scripts/patch-aedes.mjs: ${file} is not the aedes 1.2 this patch expects (${patch.what}); check whether it is still needed`);
    failed = true;
    continue;
  }
  writeFileSync(file, source.replace(patch.before, patch.after));
  console.log(`patched aedes: ${patch.what}`);
}
process.exit(failed ? 1 : 0);
