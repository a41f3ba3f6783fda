import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codecs, Direction, Protocol, SCHEMA_VERSION, ClosedBy, type GatewayResults } from './index.js';
import { mjl } from './schema.generated.js';

const samples = {
  gatewayState: { online: true, site: 'kitchen', gateway: 'pi-1', softwareVersion: '0.1.0', birthSeq: 1_732_000_000_123, timestampUs: 1_732_000_000_123_456, keepaliveS: 5 },
  deviceAnnouncement: {
    name: 'AudioClassifier-a2a3fb01', service: 'AudioClassifier', type: 'TinyFPGA', protocols: [Protocol.GPIO],
    site: 'kitchen', gateway: 'pi-1', parent: 'MjlDriver-12e21b3c', sinceUs: 1_732_000_000_000_000, driver: 'sim', online: true,
    streams: [
      { id: '347f9f7b', direction: Direction.INPUT, protocol: Protocol.BLE, ble: { serviceUuid: 'a369d1b3-fcf2-4159-84a8-a5751c7b657c', characteristicUuid: '347f9f7b-a71d-4d8d-b6dd-8c416270b329', peripheral: 'aa:bb' } },
      { id: '00000011', direction: Direction.OUTPUT, protocol: Protocol.GPIO, gpio: { strobePin: 17, dataPins: [22, 27] } },
    ],
  },
  resultBatch: { device: 'AudioClassifier-a2a3fb01', service: 'AudioClassifier', session: 7, firstSeq: 2 ** 40, timestampsUs: [1_732_000_000_000_001, 1_732_000_000_000_999], values: [1, -3] },
  gatewayResults: {
    batches: [
      { device: 'AudioClassifier-a2a3fb01', service: 'AudioClassifier', session: 7, firstSeq: 12, timestampsUs: [1_732_000_000_000_001], values: [2] },
      { device: 'AudioClassifier-00c0ffee', service: 'AudioClassifier', session: 7, firstSeq: 0, timestampsUs: [1_732_000_000_000_002, 1_732_000_000_000_003], values: [0, 1] },
    ],
  },
  logBatch: { device: 'd-1', lines: [{ timestampUs: 5, level: 'info', text: 'héllo' }] },
  streamChunk: { device: 'd-1', stream: '347f9f7b', seq: 3, samples: [{ timestampUs: 9, data: new Uint8Array([0, 255, 7]) }], end: true, error: '' },
  command: { correlationId: 'c-1', replyTo: 'mjl/v1/replies/x', startInspection: { device: 'd-1', protocol: Protocol.BLE, durationMs: 10_000 } },
  commandReply: { correlationId: 'c-1', ok: true, error: '', inspectionStarted: { device: 'd-1', chain: ['p', 'd-1'], streams: [], streamTopicPrefix: 'mjl/v1/a/b/devices/d-1/streams' } },
  quorumDecision: { service: 'AudioClassifier', windowStartUs: 1_732_000_000_003_000, windowUs: 3000, decided: true, value: 1, voters: 9, votesForValue: 7, denominator: 9, closedBy: ClosedBy.ALL_VOTED, decidedAtUs: 1_732_000_000_006_100 },
  lateResults: { service: 'AudioClassifier', device: 'd-1', timestampsUs: [1], values: [0] },
  aggregatorState: { online: false, instance: 'agg-1', softwareVersion: '0.1.0', timestampUs: 42 },
};

describe('codecs', () => {
  for (const [name, sample] of Object.entries(samples)) {
    it(`round-trips ${name} and stamps the schema version`, () => {
      const codec = codecs[name as keyof typeof codecs];
      const decoded = codec.decode(codec.encode(sample as never));
      expect(decoded.ok).toBe(true);
      if (decoded.ok) expect(decoded.value).toMatchObject({ ...sample, schemaVersion: SCHEMA_VERSION });
    });
  }

  it('rejects truncated payloads as malformed instead of throwing', () => {
    const bytes = codecs.deviceAnnouncement.encode(samples.deviceAnnouncement);
    const decoded = codecs.deviceAnnouncement.decode(bytes.subarray(0, 10));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.error.kind).toBe('malformed');
  });

  it('rejects payloads without a schema version (not mjl) and from a newer schema', () => {
    const empty = codecs.resultBatch.decode(new Uint8Array());
    expect(empty.ok || empty.error.kind).toBe('version');
    const newer = codecs.resultBatch.decode(codecs.resultBatch.encode({ ...samples.resultBatch, schemaVersion: SCHEMA_VERSION + 1 }));
    expect(newer.ok || newer.error.message).toMatch(/newer than this software understands/);
  });

  it('rejects structurally invalid messages with the reason', () => {
    const uneven = codecs.resultBatch.decode(codecs.resultBatch.encode({ ...samples.resultBatch, values: [1] }));
    expect(uneven.ok || uneven.error.message).toMatch(/2 timestamps but 1 values/);
    const anonymous = codecs.deviceAnnouncement.decode(codecs.deviceAnnouncement.encode({ ...samples.deviceAnnouncement, name: '' }));
    expect(anonymous.ok || anonymous.error.message).toMatch(/missing name/);
    const oneBad = codecs.gatewayResults.encode({ batches: [samples.resultBatch, { ...samples.resultBatch, device: '' }] });
    const decodedBad = codecs.gatewayResults.decode(oneBad);
    expect(decodedBad.ok || decodedBad.error.message).toMatch(/batch 1: missing device/);
    const idle = codecs.command.decode(codecs.command.encode({ correlationId: 'c', replyTo: 'r' }));
    expect(idle.ok || idle.error.message).toMatch(/no action/);
  });

  it('never throws on arbitrary bytes, for every message type', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        for (const codec of Object.values(codecs)) {
          const decoded = codec.decode(bytes);
          if (!decoded.ok) expect(decoded.error.messageType).toBe(codec.messageType);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutated valid payloads', () => {
    const valid = codecs.resultBatch.encode(samples.resultBatch);
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), (index, byte) => {
        const mutated = valid.slice();
        mutated[index] = byte;
        const decoded = codecs.resultBatch.decode(mutated);
        if (decoded.ok) expect(decoded.value.timestampsUs.length).toBe(decoded.value.values.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses to encode values of the wrong type', () => {
    expect(() => codecs.gatewayState.encode({ ...samples.gatewayState, site: 42 as unknown as string })).toThrow(/site: string expected/);
  });
});

describe('generated code', () => {
  it('is from proto/mjl.proto as it is now (run `npm run -w libs/protocol embed` after editing it)', async () => {
    const { readFileSync } = await import('node:fs');
    const { createHash } = await import('node:crypto');
    const generated = readFileSync(new URL('./schema.generated.ts', import.meta.url), 'utf8');
    const protoSha256 = createHash('sha256').update(readFileSync(new URL('../proto/mjl.proto', import.meta.url))).digest('hex');
    expect(/proto\/mjl\.proto sha256 ([0-9a-f]{64})/.exec(generated)?.[1]).toBe(protoSha256);
  });
});

describe('the GatewayResults encoder (results-encoder.ts)', () => {
  const generated = (mjl as unknown as { v1: { GatewayResults: { encode(message: object): { finish(): Uint8Array } } } }).v1.GatewayResults;
  const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.é-]{0,30}$/);
  const batch = fc.integer({ min: 0, max: 40 }).chain((length) =>
    fc.record({
      device: name,
      service: name,
      session: fc.maxSafeNat(),
      firstSeq: fc.maxSafeNat(),
      timestampsUs: fc.array(fc.maxSafeNat(), { minLength: length, maxLength: length }),
      values: fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { minLength: length, maxLength: length }),
    }),
  );

  it("writes protobufjs's bytes exactly, which decode to the same message", () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 20 }), fc.option(fc.integer({ min: 1, max: 2 ** 32 - 1 }), { nil: undefined }), (batches, schemaVersion) => {
        const message = { batches, schemaVersion: schemaVersion ?? SCHEMA_VERSION };
        const bytes = codecs.gatewayResults.encode(message);
        expect(Buffer.from(bytes).equals(Buffer.from(generated.encode(message).finish()))).toBe(true);
        if (message.schemaVersion > SCHEMA_VERSION) return;
        const decoded = codecs.gatewayResults.decode(bytes);
        expect(decoded.ok).toBe(true);
        if (decoded.ok) expect(decoded.value.batches).toEqual(batches.map((each) => ({ ...each, schemaVersion: 0 })));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses what protobuf cannot carry, with the field', () => {
    const good = samples.gatewayResults.batches[0]!;
    expect(() => codecs.gatewayResults.encode({ batches: [{ ...good, values: [1.5] }] })).toThrow(/values: 1.5 is not a 32-bit integer/);
    expect(() => codecs.gatewayResults.encode({ batches: [{ ...good, timestampsUs: [-1] }] })).toThrow(/timestampsUs: -1/);
    expect(() => codecs.gatewayResults.encode({ batches: [{ ...good, values: [1, 2] }] })).toThrow(/1 timestamps but 2 values/);
    expect(() => codecs.gatewayResults.encode({ batches: [{ ...good, session: 2 ** 60 }] })).toThrow(/session/);
  });
});

describe('the GatewayResults reader (results-encoder.ts)', () => {
  type Generated = { decode(bytes: Uint8Array): object; toObject(message: object, options: object): object };
  const generated = (mjl as unknown as { v1: { GatewayResults: Generated } }).v1.GatewayResults;
  /** What protobufjs reads from these bytes (as codec.ts read them before), or undefined if it throws. */
  const protobufjs = (bytes: Uint8Array) => {
    try {
      return generated.toObject(generated.decode(bytes), { longs: Number, enums: Number, defaults: true, arrays: true });
    } catch {
      return undefined;
    }
  };
  const valid = codecs.gatewayResults.encode(samples.gatewayResults);

  it('reads what protobufjs reads, from mutations of a valid payload that both accept', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.oneof(fc.constant(valid.length), fc.nat(valid.length)), (edits, cut) => {
        const bytes = Uint8Array.from(valid).subarray(0, Math.max(1, cut));
        for (const [at, byte] of edits) if (at < bytes.length) bytes[at] = byte;
        const theirs = protobufjs(bytes);
        const ours = codecs.gatewayResults.decode(bytes);
        // Where both read the bytes, they read the same. (Ours also takes some that protobufjs does
        // not: it reads a uint32 varint of more than 5 bytes as protobuf says, protobufjs stops at 5.)
        if (ours.ok && theirs !== undefined) {
          // Invalid UTF-8 in a name: ours has U+FFFD (TextDecoder), protobufjs drops bytes. Compare the rest.
          const names = (message: object) => (message as GatewayResults).batches.map((batch) => [batch.device, batch.service]);
          const mangled = names(ours.value).map((pair) => pair.map((name) => name.includes('\uFFFD')));
          const mask = (message: object) => ({
            ...message,
            batches: (message as GatewayResults).batches.map((batch, i) => ({
              ...batch,
              device: mangled[i]?.[0] ? '?' : batch.device,
              service: mangled[i]?.[1] ? '?' : batch.service,
            })),
          });
          expect(mask(ours.value)).toEqual(mask(theirs!));
          compared++;
        }
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('takes a 10-byte varint modulo 2^64, as protobufjs does', () => {
    // timestamps_us = [a varint whose 10th byte carries bits past the 64th]
    const body = [0x12, 1, 0x64, 0x32, 10, 0x80, 0x89, 0x80, 0x83, 0x80, 0x81, 0xe6, 0xea, 0xe7, 0x7f, 0x3a, 1, 0];
    const bytes = Uint8Array.from([0x08, 1, 0x12, body.length, ...body]);
    const ours = codecs.gatewayResults.decode(bytes);
    expect(ours.ok).toBe(true);
    expect(ours.ok && ours.value).toEqual(protobufjs(bytes));
    expect(ours.ok && ours.value.batches[0]!.timestampsUs[0]).toBeLessThan(2 ** 64);
  });

  it('reads unpacked repeated fields and skips unknown ones, as protobuf requires', () => {
    // batches[0] = { device "d", unknown field 9 (varint 5), timestamps 7 and 8 unpacked, values -1 unpacked, unknown field 10 (bytes) }
    const body = [0x12, 1, 0x64, 0x48, 5, 0x30, 7, 0x30, 8, 0x38, 1, 0x38, 2, 0x52, 2, 0xaa, 0xbb];
    const bytes = Uint8Array.from([0x08, 1, 0x12, body.length, ...body, 0x58, 1]);
    const ours = codecs.gatewayResults.decode(bytes);
    expect(ours.ok && ours.value.batches).toEqual([{ schemaVersion: 0, device: 'd', service: '', session: 0, firstSeq: 0, timestampsUs: [7, 8], values: [-1, 1] }]);
    expect(protobufjs(bytes)).toEqual(ours.ok && ours.value);
  });
});
