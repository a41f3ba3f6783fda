import { Readable } from 'node:stream';
import { TOPIC_ROOT } from '@mjl/protocol';

/** The part of an aedes persistence this module needs. */
interface RetainedSource {
  createRetainedStreamCombi(patterns: string[]): Readable;
}

const SYNC_PREFIX = `${TOPIC_ROOT}/sync/`;
const BROKER_MARKER = Buffer.from('broker');

/**
 * aedes streams retained messages to a new subscriber after SUBACK, while it goes on handling that
 * client's next packets, so a client cannot tell by itself when the retained messages are complete.
 * When a SUBSCRIBE includes the client's sync topic (mjl/v1/sync/<client>), this appends one marker
 * message on that topic after all retained messages of the subscription (libs/transport waits for it).
 */
export function markEndOfRetained<P extends RetainedSource>(persistence: P): P {
  const original = persistence.createRetainedStreamCombi.bind(persistence);
  persistence.createRetainedStreamCombi = (patterns: string[]) => {
    const syncTopic = patterns.find((pattern) => pattern.startsWith(SYNC_PREFIX));
    const retained = original(patterns);
    if (!syncTopic) return retained;
    return Readable.from(
      (async function* () {
        for await (const packet of retained) yield packet;
        yield { cmd: 'publish', topic: syncTopic, payload: BROKER_MARKER, qos: 0, retain: false };
      })(),
    );
  };
  return persistence;
}
