import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, textList } from './index.js';

const schema = z.object({ site: z.string().min(1), port: z.coerce.number().int().max(65535).default(1883), tags: z.array(z.string()).default([]) }).strict();

describe('loadConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mjl-config-'));
  afterEach(() => {
    delete process.env.TEST_SITE;
  });

  it('takes flags over environment over file over defaults', () => {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'site: from-file\nport: 1\ntags: [x]\n');
    expect(loadConfig(schema, { file })).toEqual({ site: 'from-file', port: 1, tags: ['x'] });
    process.env.TEST_SITE = 'from-env';
    expect(loadConfig(schema, { file, env: { TEST_SITE: 'site' } }).site).toBe('from-env');
    expect(loadConfig(schema, { file, env: { TEST_SITE: 'site' }, flags: { site: 'from-flag', port: undefined } })).toEqual({
      site: 'from-flag',
      port: 1,
      tags: ['x'],
    });
  });

  it('reports every bad field at once, by name', () => {
    const file = join(dir, 'b.json');
    writeFileSync(file, JSON.stringify({ site: '', port: 70000, colour: 'red' }));
    let error: unknown;
    try {
      loadConfig(schema, { file });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems.some((p) => p.startsWith('site:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('port:'))).toBe(true);
    expect(problems.some((p) => p.includes('colour'))).toBe(true);
    expect((error as Error).message).toContain(file);
  });

  it('says when the file cannot be read or parsed', () => {
    expect(() => loadConfig(schema, { file: join(dir, 'missing.yaml') })).toThrow(/cannot read the config file/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'site: [unclosed');
    expect(() => loadConfig(schema, { file: bad })).toThrow(/cannot parse the config file/);
    const list = join(dir, 'list.yaml');
    writeFileSync(list, '- a\n- b\n');
    expect(() => loadConfig(schema, { file: list })).toThrow(/top level must be a mapping/);
  });
});

describe('textList', () => {
  it('takes comma-separated text, arrays, and arrays of comma-separated text (a repeated flag)', () => {
    expect(textList.parse('mqtt://a, mqtt://b')).toEqual(['mqtt://a', 'mqtt://b']);
    expect(textList.parse(['mqtt://a', 'mqtt://b,mqtt://c', ''])).toEqual(['mqtt://a', 'mqtt://b', 'mqtt://c']);
  });
});
