// Strips a copy of the build context (argv[2]) down to what installing the dependencies reads: the
// package.json of the root and of every workspace, the lockfile, the apps' bin/ (npm links mjl,
// mjl-broker, … into node_modules/.bin only when the file exists) and the patches that the root's
// prepare script applies to node_modules (scripts/patch-*.mjs). The Dockerfile's dependency layer
// is keyed on the result, so editing a source file does not re-run npm ci, and a new workspace
// needs no new line.
import { readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const root = process.argv[2];
if (!root) throw new Error('usage: node docker/keep-manifests.mjs <dir>');

const keep = (path) => {
  const parts = relative(root, path).split(sep);
  const name = parts.at(-1) ?? '';
  if (name === 'package.json' || name === 'package-lock.json') return true;
  if (parts.length === 2 && parts[0] === 'scripts') return /^patch-.*\.mjs$/.test(name);
  return parts[0] === 'apps' && parts[2] === 'bin';
};

/** Removes everything under `dir` that is not kept; returns whether anything was kept. */
function prune(dir) {
  let keptAny = false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const kept = keep(path) || (entry.isDirectory() && prune(path));
    if (kept) keptAny = true;
    else rmSync(path, { recursive: true, force: true });
  }
  return keptAny;
}
prune(root);
