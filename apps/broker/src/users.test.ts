import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@mjl/runtime';
import { hashPassword, readUsersFile, UserDirectory, userProblems, verifyPassword, writeUsersFile, type UsersFile } from './users.js';

describe('users', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mjl-users-'));

  it('hashes with a fresh salt and the parameters stored, and verifies', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).toMatchObject({ algorithm: 'scrypt', N: 16384, r: 8, p: 1 });
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
    expect(await verifyPassword(first, 'correct horse')).toBe(true);
    expect(await verifyPassword(first, Buffer.from('correct horse'))).toBe(true);
    expect(await verifyPassword(first, 'correct horsf')).toBe(false);
    expect(await verifyPassword(first, '')).toBe(false);
  });

  it('verifies hashes made with other stored parameters', async () => {
    const cheap = { ...(await hashPassword('x')), N: 1024 };
    // A hash is only valid with its own parameters: recompute one for N=1024.
    const { scryptSync } = await import('node:crypto');
    cheap.hash = scryptSync('pw', Buffer.from(cheap.salt, 'base64'), 32, { N: 1024, r: 8, p: 1 }).toString('base64');
    expect(await verifyPassword(cheap, 'pw')).toBe(true);
  });

  it('writes YAML or JSON by extension, owner-only, and reads it back', async () => {
    const file: UsersFile = {
      users: {
        'pi-1': { role: 'gateway', site: 'kitchen', gateway: 'pi-1', password: await hashPassword('a') },
        eve: { role: 'viewer', password: await hashPassword('b') },
      },
    };
    for (const name of ['users.yaml', 'users.json']) {
      const path = join(dir, name);
      writeUsersFile(path, file);
      expect(readUsersFile(path)).toEqual(file);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    }
    expect(readFileSync(join(dir, 'users.yaml'), 'utf8')).toMatch(/^# mjl-broker users/);
  });

  it('names every bad entry of a users file', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'users:\n  "bad name":\n    role: wizard\n  gw:\n    role: gateway\n    site: sync\n    password: {algorithm: scrypt, N: 1000, r: 8, p: 1, salt: "!!", hash: AAAA}\n');
    let error: unknown;
    try {
      readUsersFile(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join('\n');
    expect(text).toMatch(/bad name/);
    expect(text).toMatch(/role/);
    expect(text).toMatch(/reserved/);
    expect(text).toMatch(/power of two/);
    expect(text).toMatch(/base64/);
    expect((error as Error).message).toContain(`users file ${path}`);
  });

  it('checks single entries the same way', async () => {
    const password = await hashPassword('x');
    expect(userProblems('ok', { role: 'viewer', password })).toEqual([]);
    expect(userProblems('gw', { role: 'gateway', password }).join()).toMatch(/needs a site/);
    expect(userProblems('gw', { role: 'gateway', site: 'a b', password }).join()).toMatch(/site name/);
    expect(userProblems('v', { role: 'viewer', site: 'kitchen', password }).join()).toMatch(/gateway role only/);
    expect(userProblems('-x', { role: 'viewer', password }).join()).toMatch(/a user name is/);
  });

  it('authenticates known users only, inherited names included', async () => {
    const users = new UserDirectory({ users: { pi: { role: 'gateway', site: 'kitchen', password: await hashPassword('secret') } } });
    expect(await users.authenticate('pi', Buffer.from('secret'))).toEqual({ user: 'pi', role: 'gateway', site: 'kitchen', gateway: undefined });
    expect(await users.authenticate('pi', Buffer.from('Secret'))).toBeUndefined();
    expect(await users.authenticate('pi', undefined)).toBeUndefined();
    expect(await users.authenticate(undefined, Buffer.from('secret'))).toBeUndefined();
    expect(await users.authenticate('constructor', Buffer.from('secret'))).toBeUndefined();
    expect(await users.authenticate('nobody', Buffer.from('secret'))).toBeUndefined();
  });
});
