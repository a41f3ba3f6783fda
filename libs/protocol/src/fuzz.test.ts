import { describe, expect, it } from 'vitest';
import { codecs, DecodeError, Direction, Protocol } from './index.js';

/** One valid payload of every message type, to mutate. */
const valid: Record<keyof typeof codecs, Uint8Array> = {
  gatewayState: codecs.gatewayState.encode({ online: true, site: 's', gateway: 'g', softwareVersion: '1', birthSeq: 9, timestampUs: 1, keepaliveS: 5 }),
  deviceAnnouncement: codecs.deviceAnnouncement.encode({
    name: 'D-00000001', service: 'D', type: 'T', protocols: [Protocol.BLE], site: 's', gateway: 'g', parent: 'P-1', sinceUs: 1, driver: 'sim', online: true,
    streams: [{ id: 'ab', direction: Direction.INPUT, protocol: Protocol.BLE, ble: { serviceUuid: 'x', characteristicUuid: 'y', peripheral: 'z' } }],
  }),
  resultBatch: codecs.resultBatch.encode({ device: 'D-1', service: 'D', session: 1, firstSeq: 5, timestampsUs: [1, 2, 3], values: [0, 1, 0] }),
  gatewayResults: codecs.gatewayResults.encode({
    batches: [
      { device: 'D-1', service: 'D', session: 1, firstSeq: 5, timestampsUs: [1, 2, 3], values: [0, 1, 0] },
      { device: 'D-2', service: 'D', session: 1, firstSeq: 0, timestampsUs: [4], values: [1] },
    ],
  }),
  logBatch: codecs.logBatch.encode({ device: 'D-1', lines: [{ timestampUs: 1, level: 'info', text: 'hi' }] }),
  streamChunk: codecs.streamChunk.encode({ device: 'D-1', stream: 'ab', seq: 1, samples: [{ timestampUs: 1, data: new Uint8Array([1, 2]) }], end: false, error: '' }),
  command: codecs.command.encode({ correlationId: 'c', replyTo: 'r', startInspection: { device: 'D-1', protocol: Protocol.GPIO, durationMs: 10 } }),
  commandReply: codecs.commandReply.encode({ correlationId: 'c', ok: false, error: 'no' }),
  quorumDecision: codecs.quorumDecision.encode({ service: 'D', windowStartUs: 3000, windowUs: 3000, decided: true, value: 1, voters: 3, votesForValue: 2, denominator: 3, closedBy: 1, decidedAtUs: 1 }),
  lateResults: codecs.lateResults.encode({ service: 'D', device: 'D-1', timestampsUs: [1], values: [1] }),
  aggregatorState: codecs.aggregatorState.encode({ online: true, instance: 'main', softwareVersion: '1', timestampUs: 1 }),
};

const names = Object.keys(codecs) as (keyof typeof codecs)[];

/** Every decoder answers every input with a value or a DecodeError: it never throws. Returns rejections. */
function decodeAll(bytes: Uint8Array): number {
  let rejected = 0;
  for (const name of names) {
    let result;
    try {
      result = codecs[name].decode(bytes);
    } catch (error) {
      throw new Error(`${name} threw on ${Buffer.from(bytes).toString('hex')}: ${(error as Error).message}`);
    }
    if (!result.ok) {
      if (!(result.error instanceof DecodeError)) throw new Error(`${name} returned a non-DecodeError`);
      rejected++;
    }
  }
  return rejected;
}

/** xorshift32: fast, seeded, reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

const RUNS = 100_000;

describe('decoder fuzzing', () => {
  it('survives 100,000 random payloads, each through every decoder', () => {
    const next = random(1);
    let rejected = 0;
    for (let run = 0; run < RUNS; run++) {
      const bytes = new Uint8Array(Math.floor(next() * 96));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(next() * 256);
      rejected += decodeAll(bytes);
    }
    // Random bytes are almost never a well-formed mjl message.
    expect(rejected).toBeGreaterThan(RUNS * names.length * 0.9);
  }, 120_000);

  it('survives 100,000 mutations of valid payloads (flips, cuts, insertions), each through every decoder', () => {
    const next = random(2);
    let rejected = 0;
    for (let run = 0; run < RUNS; run++) {
      const base = names[run % names.length] as keyof typeof codecs;
      let bytes = Array.from(valid[base]);
      for (let edit = 1 + Math.floor(next() * 4); edit > 0; edit--) {
        const index = Math.floor(next() * bytes.length);
        const byte = Math.floor(next() * 256);
        const kind = next();
        if (kind < 0.6) bytes[index] = byte;
        else if (kind < 0.8) bytes = bytes.slice(0, index);
        else bytes.splice(index, 0, byte);
      }
      rejected += decodeAll(Uint8Array.from(bytes));
    }
    expect(rejected).toBeGreaterThan(0);
  }, 120_000);

  it('the fuzzed codecs still read the valid payloads', () => {
    for (const name of names) expect(codecs[name].decode(valid[name]).ok, name).toBe(true);
  });
});
