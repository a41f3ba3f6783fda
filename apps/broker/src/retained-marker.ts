import { Readable } from 'node:stream';
import { TOPIC_ROOT } from '@mjl/protocol';

/** The part of an aedes persistence this module needs. */
interface RetainedSource {
  createRetainedStreamCombi(patterns: string[]): AsyncIterable<unknown>;
}

const SYNC_PREFIX = `${TOPIC_ROOT}/sync/`;
const BROKER_MARKER = Buffer.from('broker');

/** A client's own sync topic: no wildcards (a filter such as mjl/v1/sync/+ is an ordinary one). */
const isSyncTopic = (pattern: string) => pattern.startsWith(SYNC_PREFIX) && !pattern.includes('+') && !pattern.includes('#');

/**
 * aedes streams retained messages to a new subscriber after SUBACK, while it goes on handling that
 * client's next packets, so a client cannot tell by itself when the retained messages are complete.
 * When a SUBSCRIBE includes the client's sync topic (mjl/v1/sync/<client>), this appends one marker
 * message on that topic after all retained messages of the subscription (libs/transport waits for it).
 *
 * Sync topics carry no retained messages, so they are left out of the query: a subscription of a sync
 * topic alone gets its marker at once, even when reading retained messages means scanning LevelDB
 * (libs/transport probes for the marker that way, and must see it before its own message on the topic).
 *
 * aedes pipes the stream without handling its errors, so a failing read (LevelDB closed while the
 * broker stops) would be an uncaught exception: here it ends the stream, without a marker, and is
 * handed to `onError`.
 */
export function markEndOfRetained<P extends RetainedSource>(persistence: P, onError: (error: Error) => void = () => undefined): P {
  const original = persistence.createRetainedStreamCombi.bind(persistence);
  persistence.createRetainedStreamCombi = (patterns: string[]) => {
    const syncTopic = patterns.find(isSyncTopic);
    const queried = patterns.filter((pattern) => !isSyncTopic(pattern));
    return Readable.from(
      (async function* () {
        try {
          if (queried.length > 0) for await (const packet of original(queried)) yield packet;
        } catch (error) {
          onError(error as Error);
          return;
        }
        if (syncTopic) yield { cmd: 'publish', topic: syncTopic, payload: BROKER_MARKER, qos: 0, retain: false };
      })(),
    );
  };
  return persistence;
}
