import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeInputFrame,
  decodeLogFrame,
  decodeResultFrame,
  encodeLogFrame,
  encodeResultFrame,
  formatIdentity,
  LOG_SOURCE_SELF,
  parseIdentity,
} from './frames.js';

describe('BLE result frames', () => {
  it('round-trips any list of records', () => {
    const record = fc.record({ slot: fc.integer({ min: 0, max: 255 }), value: fc.integer({ min: -32768, max: 32767 }), ageUs: fc.nat({ max: 2 ** 32 - 1 }) });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 30 }), (records) => {
        expect(decodeResultFrame(encodeResultFrame(records))).toEqual({ ok: true, value: records });
      }),
    );
  });

  it('decodes the documented example byte by byte', () => {
    // version 1; slot 0, flags 0, value 1, age 250 µs
    expect(decodeResultFrame(Uint8Array.of(0x01, 0x00, 0x00, 0x01, 0x00, 0xfa, 0x00, 0x00, 0x00))).toEqual({ ok: true, value: [{ slot: 0, value: 1, ageUs: 250 }] });
  });

  it('rejects frames of another version or a length that is not 1 + 8n, never throwing', () => {
    expect(decodeResultFrame(new Uint8Array())).toMatchObject({ ok: false });
    expect(decodeResultFrame(Uint8Array.of(2, 0, 0, 1, 0, 0, 0, 0, 0))).toMatchObject({ ok: false, problem: expect.stringMatching(/version 2/) });
    expect(decodeResultFrame(Uint8Array.of(1))).toMatchObject({ ok: false, problem: expect.stringMatching(/1 \+ 8·n/) });
    expect(decodeResultFrame(Uint8Array.of(1, 0, 0, 1))).toMatchObject({ ok: false });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (data) => void decodeResultFrame(data)));
  });
});

describe('BLE log frames', () => {
  it('carries level, source and one or more lines', () => {
    expect(decodeLogFrame(encodeLogFrame('debug', LOG_SOURCE_SELF, 'a\r\nb\n'))).toEqual({ ok: true, value: { level: 'debug', source: 0xff, lines: ['a', 'b'] } });
    expect(decodeLogFrame(encodeLogFrame('error', 2, 'FPGA 2 timeout'))).toEqual({ ok: true, value: { level: 'error', source: 2, lines: ['FPGA 2 timeout'] } });
    expect(decodeLogFrame(Uint8Array.of(9, 0xff, 0x41))).toMatchObject({ ok: false, problem: expect.stringMatching(/log level 9/) });
    expect(decodeLogFrame(Uint8Array.of(0, 0xff))).toMatchObject({ ok: false });
  });

  it('decodes an input frame as slot + samples', () => {
    expect(decodeInputFrame(Uint8Array.of(3, 1, 2))).toEqual({ ok: true, value: { slot: 3, samples: Uint8Array.of(1, 2) } });
    expect(decodeInputFrame(Uint8Array.of(3))).toMatchObject({ ok: false });
  });
});

describe('identity', () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it('parses the peripheral and its classifiers, and formats them back', () => {
    const text = 'mjl1 MjlDriver ArduinoBLE33\n0 AudioClassifier TinyFPGA\n2 KeywordSpotter TinyFPGA\n';
    const parsed = parseIdentity(encode(text));
    expect(parsed).toEqual({
      ok: true,
      value: {
        service: 'MjlDriver',
        type: 'ArduinoBLE33',
        classifiers: [
          { slot: 0, service: 'AudioClassifier', type: 'TinyFPGA' },
          { slot: 2, service: 'KeywordSpotter', type: 'TinyFPGA' },
        ],
      },
    });
    if (parsed.ok) expect(formatIdentity(parsed.value)).toBe(text);
    expect(parseIdentity(encode('mjl1 MjlDriver ArduinoBLE33'))).toMatchObject({ ok: true, value: { classifiers: [] } });
  });

  it('names the bad line', () => {
    expect(parseIdentity(encode(''))).toMatchObject({ ok: false, problem: expect.stringMatching(/must start with "mjl1/) });
    expect(parseIdentity(encode('mjl1 Mjl-Driver X'))).toMatchObject({ ok: false, problem: expect.stringMatching(/line 1/) });
    expect(parseIdentity(encode('mjl1 A B\n0 C D\n0 E F'))).toMatchObject({ ok: false, problem: expect.stringMatching(/line 3 .*slot 0 is declared twice/) });
    expect(parseIdentity(encode('mjl1 A B\nx C D'))).toMatchObject({ ok: false, problem: expect.stringMatching(/line 2 .*<slot 0-254>/) });
    expect(parseIdentity(encode('mjl1 A B\n255 C D'))).toMatchObject({ ok: false, problem: expect.stringMatching(/line 2/) });
  });
});
