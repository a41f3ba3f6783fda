import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, FrameMeter, publishProblem, topicProblem } from './limits.js';

function remainingLength(value: number): Buffer {
  const bytes: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return Buffer.from(bytes);
}

/** A QoS 1 PUBLISH as a client sends it; its remaining length is 2 + topic + 2 + payload bytes. */
function publish(topic: string, payloadBytes: number): Buffer {
  const body = Buffer.concat([Buffer.from([0, topic.length]), Buffer.from(topic), Buffer.from([0, 1]), Buffer.alloc(payloadBytes)]);
  return Buffer.concat([Buffer.from([0x32]), remainingLength(body.length), body]);
}

const PINGREQ = Buffer.from([0xc0, 0]);

describe('FrameMeter', () => {
  it('finds a packet over the limit from its header, however the stream is cut', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 700 }), (sizes, cut) => {
        const limit = 2000;
        const stream = Buffer.concat([...sizes.map((size) => publish('a/b', size)), PINGREQ]);
        const meter = new FrameMeter(limit);
        let found: number | undefined;
        for (let offset = 0; offset < stream.length && found === undefined; offset += cut) found = meter.feed(stream.subarray(offset, offset + cut));
        const firstOver = sizes.find((size) => 2 + 3 + 2 + size > limit);
        expect(found !== undefined).toBe(firstOver !== undefined);
      }),
    );
  });

  it('reports the announced size before the body arrives', () => {
    const meter = new FrameMeter(1000);
    expect(meter.feed(publish('t', 10))).toBeUndefined();
    const big = publish('t', 100_000);
    expect(meter.feed(big.subarray(0, 4))).toBe(100_000 + 2 + 1 + 2);
  });
});

describe('publishProblem and topicProblem', () => {
  it('name the limit a publish breaks', () => {
    expect(publishProblem(DEFAULT_LIMITS, 'mjl/v1/s/g/state', Buffer.alloc(DEFAULT_LIMITS.maxPayloadBytes))).toBeUndefined();
    expect(publishProblem(DEFAULT_LIMITS, 'mjl/v1/s/g/state', Buffer.alloc(DEFAULT_LIMITS.maxPayloadBytes + 1))).toBe('payload');
    expect(topicProblem(DEFAULT_LIMITS, 'a/'.repeat(16))).toBe('topic_levels');
    expect(topicProblem(DEFAULT_LIMITS, 'a/'.repeat(15) + 'a')).toBeUndefined();
    expect(topicProblem(DEFAULT_LIMITS, 'x'.repeat(1025))).toBe('topic_length');
    expect(topicProblem(DEFAULT_LIMITS, 'é'.repeat(513))).toBe('topic_length');
    expect(topicProblem(DEFAULT_LIMITS, 'é'.repeat(512))).toBeUndefined();
  });
});
