import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The dependency rules of docs/protocol.md ("Layout"), checked on the real sources. */
const root = fileURLToPath(new URL('../../', import.meta.url));

interface Project {
  dir: string;
  name: string;
  kind: 'app' | 'lib';
  imports: Set<string>;
  nodeModules: Set<string>;
  declared: Set<string>;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

function projects(): Project[] {
  return ['apps', 'libs'].flatMap((group) =>
    readdirSync(join(root, group)).map((folder): Project => {
      const dir = join(root, group, folder);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies?: Record<string, string> };
      const imports = new Set<string>();
      const nodeModules = new Set<string>();
      for (const file of sourceFiles(join(dir, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/from '(@mjl\/[^']+)'/g)) imports.add(match[1] as string);
        for (const match of text.matchAll(/(?:from |import\()'(node:[^']+)'/g)) nodeModules.add(match[1] as string);
      }
      return { dir, name: manifest.name, kind: group === 'apps' ? 'app' : 'lib', imports, nodeModules, declared: new Set(Object.keys(manifest.dependencies ?? {})) };
    }),
  );
}

describe('workspace boundaries', () => {
  const all = projects();
  const apps = new Set(all.filter((project) => project.kind === 'app').map((project) => project.name));

  it('libs never import apps, and apps never import each other', () => {
    for (const project of all) {
      const appImports = [...project.imports].filter((name) => apps.has(name));
      expect(appImports, `${project.name} imports ${appImports.join(', ')}`).toEqual([]);
    }
  });

  it('libs are used only through their index (no deep imports)', () => {
    for (const project of all) {
      const deep = [...project.imports].filter((name) => name.split('/').length > 2);
      expect(deep, `${project.name} imports ${deep.join(', ')}`).toEqual([]);
    }
  });

  it('every import of a workspace lib is a declared dependency', () => {
    for (const project of all) {
      const undeclared = [...project.imports].filter((name) => !project.declared.has(name));
      expect(undeclared, `${project.name} does not declare ${undeclared.join(', ')}`).toEqual([]);
    }
  });

  it('the pure libs depend on nothing of ours', () => {
    for (const name of ['@mjl/protocol', '@mjl/quorum', '@mjl/formats']) {
      const project = all.find((candidate) => candidate.name === name);
      expect(project, name).toBeDefined();
      expect([...(project?.imports ?? [])], name).toEqual([]);
    }
  });

  it('the pure libs do no I/O: no files, sockets or processes', () => {
    const io = /^node:(fs|net|http|https|dgram|child_process|worker_threads|tls)(\/|$)/;
    for (const name of ['@mjl/protocol', '@mjl/quorum', '@mjl/formats']) {
      const project = all.find((candidate) => candidate.name === name);
      const used = [...(project?.nodeModules ?? [])].filter((module) => io.test(module));
      expect(used, `${name} imports ${used.join(', ')}`).toEqual([]);
    }
  });
});
