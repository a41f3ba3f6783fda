import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { bashCompletion, completionSpec, zshCompletion, type CompletionSpec } from './completion.js';
import { buildProgram, commandWord } from './program.js';

let spec: CompletionSpec;
let folder: string;
/** A stand-in `mjl` on PATH for the names the scripts ask the CLI for; it records its arguments. */
let stub: string;

beforeAll(async () => {
  spec = completionSpec(await buildProgram());
  folder = mkdtempSync(join(tmpdir(), 'mjl-completion-'));
  stub = join(folder, 'mjl');
  writeFileSync(
    stub,
    `#!/bin/sh\necho "$@" >> ${join(folder, 'calls')}\ncase "$1" in devices) printf 'AudioClassifier-a2a3fb01\\nMjlDriver-12e21b3c\\n' ;; services) printf 'AudioClassifier\\nMjlDriver\\n' ;; esac\n`,
  );
  chmodSync(stub, 0o755);
});

describe('completionSpec', () => {
  it('has every command with its flags and their values, read from the program itself', () => {
    const names = spec.commands.map((command) => command.name);
    expect(names).toEqual(['services', 'devices', 'inspect', 'inspection', 'logs', 'sub', 'aggregate', 'completion', 'help']);
    const inspect = spec.commands.find((command) => command.name === 'inspect');
    const flags = Object.fromEntries(inspect?.options.map((option) => [option.flags.join(','), option.value]) ?? []);
    expect(flags).toMatchObject({
      '--device': { kind: 'names', listCommand: 'devices' },
      '--proto': { kind: 'words', words: ['GPIO', 'BLE', 'Serial'] },
      '--format': { kind: 'words', words: ['pickle', 'json', 'ndjson', 'csv'] },
      '--out': { kind: 'files' },
      '-h,--help': undefined,
    });
    expect(spec.globalOptions.flatMap((option) => option.flags)).toEqual(['-V', '--version', '--broker', '--username', '--password', '--ca', '--timeout', '-h', '--help']);
  });
});

describe('commandWord', () => {
  it('skips options and the values of global options', async () => {
    const program = await buildProgram([]);
    expect(commandWord(program, ['--broker', 'mqtt://x', 'devices', '-o', 'json'])).toBe('devices');
    expect(commandWord(program, ['--broker=mqtt://x', 'inspect'])).toBe('inspect');
    expect(commandWord(program, ['-V'])).toBeUndefined();
  });

  it('loads no command for --version, and every command for help', async () => {
    expect((await buildProgram(['--version'])).commands).toHaveLength(0);
    expect((await buildProgram(['-V', '--help'])).commands.map((command) => command.name())).toContain('devices');
    expect((await buildProgram(['devices', '-o', 'json'])).commands.map((command) => command.name())).toEqual(['devices']);
  });
});

/** What bash completes for `words` (the last one being completed), through the generated script. */
function bashComplete(words: string[]): string[] {
  const script = join(folder, 'mjl.bash');
  writeFileSync(script, bashCompletion(spec));
  const quoted = words.map((word) => `'${word.replace(/'/g, "'\\''")}'`).join(' ');
  const output = execFileSync(
    'bash',
    ['-c', `source ${script}; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _mjl; printf '%s\\n' "\${COMPREPLY[@]}"`],
    { encoding: 'utf8', env: { ...process.env, PATH: `${folder}:${process.env.PATH ?? ''}` } },
  );
  return output.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('completes commands, then each command\'s flags', () => {
    expect(bashComplete(['mjl', ''])).toEqual(['services', 'devices', 'inspect', 'inspection', 'logs', 'sub', 'aggregate', 'completion', 'help']);
    expect(bashComplete(['mjl', 'insp'])).toEqual(['inspect', 'inspection']);
    expect(bashComplete(['mjl', '--broker', 'mqtt://x', 'devices', '--st'])).toEqual(['--status']);
    expect(bashComplete(['mjl', 'logs', '-'])).toEqual(expect.arrayContaining(['--device', '-f', '--follow', '--since', '--broker']));
  });

  it('completes the values of flags and arguments', () => {
    expect(bashComplete(['mjl', 'devices', '-o', ''])).toEqual(['table', 'wide', 'json', 'yaml', 'name']);
    expect(bashComplete(['mjl', 'inspect', '--proto', ''])).toEqual(['GPIO', 'BLE', 'Serial']);
    expect(bashComplete(['mjl', 'inspect', '--format', 'n'])).toEqual(['ndjson']);
    expect(bashComplete(['mjl', 'aggregate', 'f.pickle', '-o', ''])).toEqual(['table', 'json', 'ndjson', 'csv', 'pickle']);
    expect(bashComplete(['mjl', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(bashComplete(['mjl', 'help', 'in'])).toEqual(['inspect', 'inspection']);
  });

  it('completes device and service names by asking mjl, on the broker the line names', () => {
    expect(bashComplete(['mjl', '--broker', 'mqtt://10.0.0.1', 'inspect', '--device', 'Au'])).toEqual(['AudioClassifier-a2a3fb01']);
    expect(bashComplete(['mjl', 'inspection', '--service', ''])).toEqual(['AudioClassifier', 'MjlDriver']);
    expect(readFileSync(join(folder, 'calls'), 'utf8')).toContain('devices -o name --broker mqtt://10.0.0.1');
  });
});

const hasZsh = spawnSync('zsh', ['--version']).status === 0;
const zshCapture = fileURLToPath(new URL('../test-support/zsh-complete.zsh', import.meta.url));

/** What zsh offers for `line` (typed, then TAB), through the generated script in a real interactive zsh. */
function zshComplete(line: string): string[] {
  const script = join(folder, '_mjl');
  writeFileSync(script, zshCompletion(spec));
  const output = execFileSync('zsh', [zshCapture, script, line], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, PATH: `${folder}:${process.env.PATH ?? ''}` },
  });
  return output.split('\n').filter(Boolean);
}

describe.skipIf(!hasZsh)('zsh completion (in a real zsh, when installed)', () => {
  it('parses', () => {
    const script = join(folder, '_mjl.check');
    writeFileSync(script, zshCompletion(spec));
    expect(spawnSync('zsh', ['-n', script]).status).toBe(0);
  });

  it('completes commands, flags, their values and names', () => {
    expect(zshComplete('mjl ')).toEqual(['services', 'devices', 'inspect', 'inspection', 'logs', 'sub', 'aggregate', 'completion', 'help']);
    expect(zshComplete('mjl devices --st')).toEqual(['--status']);
    expect(zshComplete('mjl devices -o ')).toEqual(['table', 'wide', 'json', 'yaml', 'name']);
    expect(zshComplete('mjl --broker mqtt://x inspect --proto ')).toEqual(['GPIO', 'BLE', 'Serial']);
    expect(zshComplete('mjl completion ')).toEqual(['bash', 'zsh']);
    expect(zshComplete('mjl inspect --device ')).toEqual(['AudioClassifier-a2a3fb01', 'MjlDriver-12e21b3c']);
  }, 60_000);
});
