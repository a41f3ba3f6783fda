import { appendFileSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { temporaryDirs } from '@mjl/testing';
import { Outbox, type OutboxSend } from './index.js';

const dirs = temporaryDirs('mjl-outbox');
const freshDir = () => dirs.make();
afterAll(() => dirs.remove());
const message = (i: number) => Buffer.from(`message ${i}`);
const numberOf = (payload: Uint8Array) => Number(Buffer.from(payload).toString().split(' ')[1]);

/** A send that records payload numbers, optionally failing at the n-th call. */
function recorder(failAt?: number) {
  const sent: number[] = [];
  let calls = 0;
  const send: OutboxSend = async (_topic, payload) => {
    calls++;
    if (calls === failAt) throw new Error('broker went away');
    sent.push(numberOf(payload));
  };
  return { sent, send };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const segmentFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.seg')).sort();

describe('Outbox', () => {
  it('keeps the order across memory, disk and memory again, also while draining', async () => {
    const dir = freshDir();
    const outbox = new Outbox({ dir, maxMemoryMessages: 10, drainWindow: 4 });
    for (let i = 0; i < 25; i++) outbox.push('t', message(i), 1);
    expect(outbox.stats()).toMatchObject({ memory: 3, disk: 22, dropped: 0 });
    expect(segmentFiles(dir).length).toBeGreaterThan(0);

    // Slow sends: more messages arrive (and spill to disk) while the oldest are still going out.
    const sent: number[] = [];
    let next = 25;
    const drained = outbox.drain(async (_topic, payload) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      sent.push(numberOf(payload));
      for (let k = 0; k < 2 && next < 80; k++) outbox.push('t', message(next++), 1);
    });
    await drained;
    expect(sent).toEqual(range(0, 80));
    expect(outbox.stats()).toMatchObject({ memory: 0, disk: 0, diskBytes: 0 });
    expect(segmentFiles(dir)).toEqual([]);
  });

  it('keeps disk within maxDiskBytes by dropping the oldest segments, and counts what it dropped', async () => {
    const dir = freshDir();
    const outbox = new Outbox({ dir, maxMemoryMessages: 5, maxDiskBytes: 4000, segmentBytes: 1000 });
    const payload = (i: number) => Buffer.concat([message(i), Buffer.alloc(80, 32)]);
    for (let i = 0; i < 500; i++) {
      outbox.push('mjl/v1/s/g/devices/D-1/results', payload(i), 1);
      expect(outbox.stats().diskBytes).toBeLessThanOrEqual(4000);
    }
    const files = segmentFiles(dir).map((name) => statSync(join(dir, name)).size);
    expect(files.reduce((a, b) => a + b, 0)).toBe(outbox.stats().diskBytes);
    const { dropped, memory, disk } = outbox.stats();
    expect(dropped).toBeGreaterThan(400);
    expect(dropped + memory + disk).toBe(500);

    const { sent, send } = recorder();
    await outbox.drain(send);
    // What is left is the newest messages, contiguous and in order.
    expect(sent).toEqual(range(dropped, 500));
    expect(outbox.stats().dropped).toBe(dropped);
  });

  it('survives a restart: a new outbox on the same directory sends what the old one held', async () => {
    const dir = freshDir();
    const before = new Outbox({ dir, maxMemoryMessages: 10 });
    for (let i = 0; i < 25; i++) before.push(`t/${i}`, message(i), (i % 2) as 0 | 1);
    before.close();

    const after = new Outbox({ dir, maxMemoryMessages: 10 });
    expect(after.stats()).toMatchObject({ memory: 0, disk: 25, corrupt: 0 });
    const received: Array<[string, number, number]> = [];
    await after.drain(async (topic, payload, qos) => {
      received.push([topic, numberOf(payload), qos]);
    });
    expect(received).toEqual(range(0, 25).map((i) => [`t/${i}`, i, i % 2]));
    expect(new Outbox({ dir }).size).toBe(0);
  });

  it('skips and counts a damaged segment tail, keeping the records before it', async () => {
    const dir = freshDir();
    const outbox = new Outbox({ dir, maxMemoryMessages: 0 });
    for (let i = 0; i < 6; i++) outbox.push('t', message(i), 1);
    outbox.close();
    const [segment] = segmentFiles(dir);
    const path = join(dir, segment as string);
    // A crash in the middle of writing the last record, then a flipped byte is not even reached.
    truncateSync(path, statSync(path).size - 3);
    appendFileSync(path, Buffer.from([1, 2]));

    const reopened = new Outbox({ dir });
    expect(reopened.stats()).toMatchObject({ disk: 5, corrupt: 1 });
    const { sent, send } = recorder();
    await reopened.drain(send);
    expect(sent).toEqual(range(0, 5));
  });

  it('stops at a record whose checksum does not match', async () => {
    const dir = freshDir();
    const outbox = new Outbox({ dir, maxMemoryMessages: 0 });
    for (let i = 0; i < 4; i++) outbox.push('t', message(i), 1);
    outbox.close();
    const path = join(dir, segmentFiles(dir)[0] as string);
    const bytes = readFileSync(path);
    bytes[bytes.length - 20] = (bytes[bytes.length - 20] as number) ^ 0xff;
    writeFileSync(path, bytes);
    const reopened = new Outbox({ dir });
    expect(reopened.stats()).toMatchObject({ disk: 3, corrupt: 1 });
  });

  it('keeps a message whose send failed, and the ones after it, for the next drain', async () => {
    const dir = freshDir();
    const outbox = new Outbox({ dir, maxMemoryMessages: 10, drainWindow: 1 });
    for (let i = 0; i < 30; i++) outbox.push('t', message(i), 1);
    const first = recorder(8);
    await expect(outbox.drain(first.send)).rejects.toThrow('broker went away');
    expect(first.sent).toEqual(range(0, 7));
    expect(outbox.size).toBe(23);
    const second = recorder();
    await outbox.drain(second.send);
    expect(second.sent).toEqual(range(7, 30));
  });

  it('sends a message pushed while earlier ones await their acknowledgement at once, and removes each once acknowledged', async () => {
    const outbox = new Outbox({ dir: freshDir(), drainWindow: 4 });
    const sent: number[] = [];
    const acks: Array<() => void> = [];
    const send = (_topic: string, payload: Uint8Array) => {
      sent.push(payload[0]!);
      return new Promise<void>((resolve) => acks.push(resolve));
    };
    outbox.push('t', Uint8Array.of(0), 1);
    const drained = outbox.drain(send);
    await Promise.resolve();
    outbox.push('t', Uint8Array.of(1), 1);
    outbox.push('t', Uint8Array.of(2), 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([0, 1, 2]);
    // Acknowledged out of order: removed only once those before are too.
    acks[1]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.size).toBe(3);
    acks[0]!();
    await new Promise((resolve) => setImmediate(resolve));
    expect(outbox.size).toBe(1);
    // At most drainWindow unacknowledged.
    for (let i = 3; i < 8; i++) outbox.push('t', Uint8Array.of(i), 1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([0, 1, 2, 3, 4, 5]);
    for (const ack of acks.slice(2)) ack();
    await new Promise((resolve) => setImmediate(resolve));
    for (const ack of acks.slice(6)) ack();
    await drained;
    expect(sent).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(outbox.size).toBe(0);
  });

  it('joins a running drain instead of starting a second one', async () => {
    const outbox = new Outbox({ dir: freshDir() });
    for (let i = 0; i < 5; i++) outbox.push('t', message(i), 0);
    const { sent, send } = recorder();
    await Promise.all([outbox.drain(send), outbox.drain(send)]);
    expect(sent).toEqual(range(0, 5));
  });

  it('delivers everything pushed at least once and first deliveries in order, through failures and restarts', async () => {
    type Step = { kind: 'push'; count: number } | { kind: 'drain'; failAt: number } | { kind: 'restart' };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), count: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('drain' as const), failAt: fc.integer({ min: 1, max: 60 }) }),
      fc.record({ kind: fc.constant('restart' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 12 }), fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 8 }), async (steps, maxMemoryMessages, drainWindow) => {
        const dir = freshDir();
        const options = { dir, maxMemoryMessages, drainWindow, segmentBytes: 300 };
        let outbox = new Outbox(options);
        let pushed = 0;
        const firstSeen: number[] = [];
        const seen = new Set<number>();
        // The link goes down at the failAt-th send: that one and every later one of this drain fail.
        const send = (failAt: number): OutboxSend => {
          let calls = 0;
          return async (_topic, payload) => {
            if (failAt > 0 && ++calls >= failAt) throw new Error('down');
            const n = numberOf(payload);
            if (!seen.has(n)) {
              seen.add(n);
              firstSeen.push(n);
            }
          };
        };
        for (const s of steps) {
          if (s.kind === 'push') for (let i = 0; i < s.count; i++) outbox.push('t', message(pushed++), 1);
          else if (s.kind === 'drain') await outbox.drain(send(s.failAt)).catch(() => undefined);
          else {
            outbox.close();
            outbox = new Outbox(options);
          }
        }
        await outbox.drain(send(0));
        expect(firstSeen).toEqual(range(0, pushed));
        expect(outbox.stats()).toMatchObject({ memory: 0, disk: 0, dropped: 0, corrupt: 0 });
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
