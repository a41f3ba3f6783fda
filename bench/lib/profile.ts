/**
 * Where the time went in a V8 CPU profile (node --cpu-prof): self time per function and per
 * package, the view that says which code to change.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of the sampled time the process was idle (waiting in epoll). */
  idleShare: number;
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
  packages: Array<{ name: string; ms: number; share: number }>;
}

/** node_modules/<pkg>, our apps/libs, node: internals, or the V8 pseudo frames. */
function packageOf(url: string, functionName: string): string {
  if (url === '') return `(${functionName || 'native'})`;
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1]!;
  const ours = /\/((?:apps|libs)\/[^/]+)\//.exec(url);
  if (ours) return ours[1]!;
  if (url.startsWith('node:')) return 'node (internals)';
  return url.replace(/^file:\/\//, '');
}

function shortWhere(url: string, line: number): string {
  const trimmed = url.replace(/^file:\/\/.*?\/(node_modules|apps|libs)\//, '$1/');
  return `${trimmed}:${line + 1}`;
}

export function summarizeProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  let totalUs = 0;
  let idleUs = 0;
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const packages = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const where = frame.url ? shortWhere(frame.url, frame.lineNumber) : '';
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    functions.set(key, entry);
    const pkg = packageOf(frame.url, frame.functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs || 1;
  return {
    totalMs: totalUs / 1000,
    idleShare: idleUs / (totalUs || 1),
    functions: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((entry) => ({ name: entry.name, where: entry.where, ms: entry.us / 1000, share: entry.us / busyUs })),
    packages: [...packages.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: us / busyUs })),
  };
}

export function formatSummary(title: string, summary: ProfileSummary): string {
  const percent = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  const lines = [`${title}: ${summary.totalMs.toFixed(0)} ms sampled, ${percent(summary.idleShare).trim()} idle; self time of the busy part:`];
  lines.push('  by package:');
  for (const entry of summary.packages) lines.push(`    ${percent(entry.share)}  ${entry.name}`);
  lines.push('  by function:');
  for (const entry of summary.functions) lines.push(`    ${percent(entry.share)}  ${entry.name}  ${entry.where}`);
  return lines.join('\n');
}
