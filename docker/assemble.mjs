// Copies the built JavaScript of every lib and app out of the build stage's workspace (argv[2]) into
// argv[3], at the same paths: each package's dist/, without types, source maps or build
// info. The runtime stage lays it over the production node_modules. Written in JavaScript so that
// it needs nothing but node in the image.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [from, to] = process.argv.slice(2).map((path) => resolve(path));
if (!from || !to) throw new Error('usage: node docker/assemble.mjs <workspace> <out>');

const runtimeFile = (path) => !/\.(d\.ts|d\.ts\.map|js\.map|tsbuildinfo)$/.test(path);
for (const group of ['libs', 'apps']) {
  for (const name of readdirSync(join(from, group))) {
    const dist = join(from, group, name, 'dist');
    if (!existsSync(dist)) throw new Error(`${group}/${name} has no dist/: did tsc -b build it?`);
    cpSync(dist, join(to, group, name, 'dist'), { recursive: true, filter: runtimeFile });
  }
}
