import { describe, expect, it } from 'vitest';
import { sleep } from '@mjl/testing';
import { BACKLOG_HIGH, BACKLOG_LOW, limitBacklog, parseRedisUrl, redactRedisUrl, type Backlogged } from './redis.js';

describe('Redis URLs', () => {
  it('takes redis:// and rediss://, and names what is wrong with anything else', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(parseRedisUrl('rediss://user:pw@cache.example:6380/2')).toBe('rediss://user:pw@cache.example:6380/2');
    expect(() => parseRedisUrl('127.0.0.1:6379')).toThrow(/unsupported Redis URL scheme|invalid Redis URL/);
    expect(() => parseRedisUrl('mqtt://127.0.0.1')).toThrow(/use redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('not a url')).toThrow(/invalid Redis URL "not a url"/);
  });

  it('leaves user and password out of what it logs', () => {
    expect(redactRedisUrl('redis://mjl:s3cret@10.0.0.5:6379/1')).toBe('redis://10.0.0.5:6379/1');
    expect(() => parseRedisUrl('http://mjl:s3cret@x')).toThrow(/^(?!.*s3cret)/);
  });
});

/** An emitter whose queue the test fills and drains, and a subscriber connection that records pauses. */
function fakeCluster() {
  const state = { queued: 0, paused: false, fromRedis: 0 };
  const emitter: Backlogged = {
    get length() {
      return state.queued;
    },
    emit: (_message, callback) => callback?.(),
    _emit: () => {
      state.fromRedis++;
      state.queued++;
    },
  };
  limitBacklog(emitter, { stream: { pause: () => (state.paused = true), resume: () => (state.paused = false) } });
  return { state, emitter };
}

describe('limitBacklog', () => {
  it('stops reading from Redis and holds acknowledgements while the backlog is high, until it is low', async () => {
    const { state, emitter } = fakeCluster();
    while (!state.paused) emitter._emit({ topic: 'a' });
    expect(state.fromRedis).toBe(BACKLOG_HIGH + 1);

    let acknowledged = false;
    emitter.emit({ topic: 'a' }, () => (acknowledged = true));
    state.queued = BACKLOG_LOW + 1;
    await sleep(20);
    expect({ paused: state.paused, acknowledged }).toEqual({ paused: true, acknowledged: false });

    state.queued = BACKLOG_LOW;
    await sleep(20);
    expect({ paused: state.paused, acknowledged }).toEqual({ paused: false, acknowledged: true });
    emitter.emit({ topic: 'a' }, () => (acknowledged = false));
    expect(acknowledged).toBe(false);
  });
});
