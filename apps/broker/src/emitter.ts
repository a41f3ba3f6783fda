import mqemitter from 'mqemitter';

/** Nesting depth of synchronous deliveries after which the next one waits for a fresh stack. */
export const MAX_SYNC_DEPTH = 64;

type Message = mqemitter.Message & { brokerId?: string; brokerCounter?: number };
/** mqemitter or an emitter built on it (mqemitter-redis): `_do` hands one message to the local subscribers. */
export type Emitter = mqemitter.MQEmitter & { _do(message: Message, callback: (error?: Error) => void): unknown };

/** The message being handed to its subscribers right now. */
interface Dispatch {
  brokerId: string | undefined;
  brokerCounter: number | undefined;
}

export interface BrokerEmitter {
  /** For Aedes.createBroker({ mq }). */
  mq: mqemitter.MQEmitter;
  /** A replacement for a new aedes client's `duplicates` (see withFixes). */
  duplicateFilter(): Record<string, number>;
}

/** mqemitter, as aedes creates it, with the fixes of withFixes. */
export function createEmitter(options: { concurrency: number }): BrokerEmitter {
  return withFixes(mqemitter({ concurrency: options.concurrency, matchEmptyLevels: true }) as Emitter);
}

/**
 * `emitter` (mqemitter, or mqemitter-redis, which inherits its dispatch) with two faults of aedes 1.2
 * fixed.
 *
 * Stack overflow: mqemitter holds messages beyond `concurrency` in a queue; each finished delivery
 * takes the next one from that queue, synchronously. A message nobody subscribes to finishes
 * synchronously too, so a queue of such messages is drained by recursion, one level per message.
 * That is what happens when many clients are force-closed under load: their subscriptions go, their
 * queued messages match nobody, and aedes died with "RangeError: Maximum call stack size exceeded"
 * (test/e2e/reliability.test.ts). Here a delivery started more than MAX_SYNC_DEPTH levels deep
 * waits for setImmediate instead, which unwinds the stack and lets I/O in between.
 *
 * Lost messages: aedes numbers each message when it arrives and drops a delivery to a client whose
 * last delivery had a higher number, meaning to drop duplicates (the same message reaching a client
 * through two overlapping subscriptions, or from two brokers of a cluster). But a message is routed
 * only after it is stored (retained, or queued for an offline session), and stores finish out of
 * order: a retained message overtaken by a plain one was silently dropped for every subscriber of
 * both, most of them with LevelDB (broker.test.ts). `duplicateFilter` drops a delivery only when it
 * is the same message as one this client got in the same dispatch: the duplicates of overlapping
 * subscriptions, which are all delivered within one dispatch of that message.
 *
 * In a cluster (mqemitter-redis) there are no other duplicates either: each broker publishes a message
 * to Redis once, and takes each message from Redis once (Redis sends it once per matching pattern
 * subscription; mqemitter-redis drops the repeats by message id) and dispatches it once, here. A
 * message from another broker carries that broker's id and counter, so it is never dropped for
 * being numbered below one this client got before.
 */
export function withFixes(emitter: Emitter): BrokerEmitter {
  if (typeof emitter._do !== 'function') {
    throw new TypeError('this mqemitter has no _do(message, callback): the fixes of emitter.ts no longer apply, check its version');
  }
  const deliver = emitter._do.bind(emitter);
  let depth = 0;
  let dispatching: Dispatch | undefined;
  const dispatch = (message: Message, callback: (error?: Error) => void) => {
    const outer = dispatching;
    dispatching = { brokerId: message.brokerId, brokerCounter: message.brokerCounter };
    depth++;
    try {
      return deliver(message, callback);
    } finally {
      depth--;
      dispatching = outer;
    }
  };
  emitter._do = (message, callback) => {
    if (depth < MAX_SYNC_DEPTH) return dispatch(message, callback);
    setImmediate(() => dispatch(message, callback));
    return emitter;
  };

  const duplicateFilter = (): Record<string, number> => {
    // aedes asks `(duplicates[brokerId] || 0) < brokerCounter` and, when true, stores the counter.
    const delivered = new Map<string, number>();
    return new Proxy(Object.create(null) as Record<string, number>, {
      get: (_target, brokerId) => {
        if (typeof brokerId !== 'string' || dispatching?.brokerId !== brokerId) return undefined;
        const counter = delivered.get(brokerId);
        return counter === dispatching.brokerCounter ? counter : undefined;
      },
      set: (_target, brokerId, counter: number) => {
        if (typeof brokerId === 'string') delivered.set(brokerId, counter);
        return true;
      },
      deleteProperty: (_target, brokerId) => {
        if (typeof brokerId === 'string') delivered.delete(brokerId);
        return true;
      },
    });
  };

  return { mq: emitter, duplicateFilter };
}
