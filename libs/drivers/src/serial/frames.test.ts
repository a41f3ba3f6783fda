import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLine, crc16, encodeSerialFrame, GATEWAY_FRAMES, LineSplitter, MAX_LINE_BYTES, parseDeviceFrame } from './frames.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: string) => new TextEncoder().encode(value);

describe('serial frames', () => {
  it('uses CRC-16/CCITT-FALSE (check value of "123456789" is 0x29B1)', () => {
    expect(crc16(bytes('123456789'))).toBe(0x29b1);
    expect(crc16(bytes(''))).toBe(0xffff);
  });

  it('encodes the documented examples', () => {
    expect(text(encodeSerialFrame('H mjl1 AudioClassifier ArduinoNano'))).toBe(`H mjl1 AudioClassifier ArduinoNano*${crc16(bytes('H mjl1 AudioClassifier ArduinoNano')).toString(16).toUpperCase().padStart(4, '0')}\n`);
    expect(text(GATEWAY_FRAMES.query)).toMatch(/^Q\*[0-9A-F]{4}\n$/);
  });

  it('round-trips any body through encode and check, and rejects any single corrupted byte', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }).filter((body) => !body.includes('\n') && !body.includes('\r')), fc.nat(), fc.integer({ min: 1, max: 255 }), (body, at, flip) => {
        const frame = encodeSerialFrame(body);
        expect(checkLine(frame)).toEqual({ ok: true, value: body });
        const corrupted = Uint8Array.from(frame);
        const index = at % (frame.length - 1);
        const original = String.fromCharCode(corrupted[index] as number);
        corrupted[index] = (corrupted[index] as number) ^ flip;
        // Checksums are read case-insensitively (next test): a hex letter's case is no corruption.
        if (/[A-Fa-f]/.test(original) && flip === 0x20 && index >= frame.length - 5) return;
        if (corrupted[index] === 0x0a || corrupted[index] === 0x0d) return; // a new line end is a different line
        expect(checkLine(corrupted).ok).toBe(false);
      }),
    );
  });

  it('accepts CRLF and lower-case checksums', () => {
    const frame = text(encodeSerialFrame('R 1')).trimEnd();
    expect(checkLine(bytes(`${frame.toLowerCase().replace('r 1', 'R 1')}\r\n`))).toEqual({ ok: true, value: 'R 1' });
  });

  it('parses each device frame and names what is wrong with bad ones', () => {
    expect(parseDeviceFrame('H mjl1 AudioClassifier ArduinoNano')).toEqual({ ok: true, value: { kind: 'hello', service: 'AudioClassifier', type: 'ArduinoNano' } });
    expect(parseDeviceFrame('R 3')).toEqual({ ok: true, value: { kind: 'result', value: 3, ageUs: 0 } });
    expect(parseDeviceFrame('R -12 250')).toEqual({ ok: true, value: { kind: 'result', value: -12, ageUs: 250 } });
    expect(parseDeviceFrame('L error out of memory: 12 bytes')).toEqual({ ok: true, value: { kind: 'log', level: 'error', text: 'out of memory: 12 bytes' } });
    expect(parseDeviceFrame('I 00ff10')).toEqual({ ok: true, value: { kind: 'input', samples: Uint8Array.of(0, 255, 16) } });
    expect(parseDeviceFrame('H mjl2 A B')).toMatchObject({ ok: false, problem: expect.stringMatching(/hello must be "H mjl1/) });
    expect(parseDeviceFrame('H mjl1 Audio-Classifier B')).toMatchObject({ ok: false, problem: expect.stringMatching(/names of 1-54 letters/) });
    expect(parseDeviceFrame('R 1.5')).toMatchObject({ ok: false, problem: expect.stringMatching(/integers/) });
    expect(parseDeviceFrame('R 99999999999')).toMatchObject({ ok: false, problem: expect.stringMatching(/does not fit 32 bits/) });
    expect(parseDeviceFrame('L loud hello')).toMatchObject({ ok: false, problem: expect.stringMatching(/log level "loud"/) });
    expect(parseDeviceFrame('I abc')).toMatchObject({ ok: false, problem: expect.stringMatching(/even number of hex digits/) });
    expect(parseDeviceFrame('X')).toMatchObject({ ok: false, problem: expect.stringMatching(/unknown frame kind "X"/) });
  });
});

describe('LineSplitter', () => {
  it('reassembles lines split anywhere across chunks, each stamped with the arrival of its first byte', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }).map((line) => line.replaceAll('\n', ' ')), { minLength: 1, maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), (lines, cuts) => {
        const stream = bytes(lines.map((line) => `${line}\n`).join(''));
        const points = [...new Set(cuts.map((cut) => cut % stream.length))].sort((a, b) => a - b);
        const chunks: [Uint8Array, number][] = [];
        let from = 0;
        for (const [index, point] of [...points, stream.length].entries()) {
          if (point > from) chunks.push([stream.subarray(from, point), index]);
          from = Math.max(from, point);
        }
        const got: { line: string; startUs: number }[] = [];
        const splitter = new LineSplitter((line, startUs) => got.push({ line: text(line), startUs }), () => expect.fail('no line is too long'));
        for (const [chunk, arrivedUs] of chunks) splitter.push(chunk, arrivedUs);
        expect(got.map((entry) => entry.line)).toEqual(lines.map((line) => `${line}\n`));
        // Each line's stamp is the arrival of the chunk holding its first byte.
        let offset = 0;
        for (const [index, line] of lines.entries()) {
          let chunkStart = 0;
          const holder = chunks.find(([chunk]) => {
            const hit = offset >= chunkStart && offset < chunkStart + chunk.length;
            chunkStart += chunk.length;
            return hit;
          });
          expect(got[index]?.startUs).toBe(holder?.[1]);
          offset += bytes(line).length + 1;
        }
      }),
    );
  });

  it('drops an over-long line whole and carries on with the next', () => {
    const got: string[] = [];
    const overlong: number[] = [];
    const splitter = new LineSplitter((line) => got.push(text(line)), (size) => overlong.push(size));
    splitter.push(bytes('x'.repeat(MAX_LINE_BYTES)), 1);
    splitter.push(bytes('yy\nok\n'), 2);
    expect(got).toEqual(['ok\n']);
    expect(overlong).toHaveLength(1);
  });
});
