import { execFileSync } from 'node:child_process';

/** Python that turns any loaded value into JSON keeping its exact type (floats as their 8 bytes). */
const TAGGING = String.raw`
import json, pickle, struct, sys

def tag(v):
    t = type(v)
    if v is None: return ['None']
    if t is bool: return ['bool', v]
    if t is int: return ['int', str(v)]
    if t is float: return ['float', struct.pack('>d', v).hex()]
    if t is str: return ['str', v]
    if t is bytes: return ['bytes', v.hex()]
    if t is tuple: return ['tuple', [tag(x) for x in v]]
    if t is list: return ['list', [tag(x) for x in v]]
    if t is dict: return ['dict', [[k, tag(x)] for k, x in v.items()]]
    raise TypeError('unexpected %r' % t)

shared = {}
def untag(t):
    kind = t[0]
    if kind == 'None': return None
    if kind == 'bool': return t[1]
    if kind == 'int': return int(t[1])
    if kind == 'float': return struct.unpack('>d', bytes.fromhex(t[1]))[0]
    # One object per distinct str, so the pickler memoizes it and writes BINGET for repeats.
    if kind == 'str': return shared.setdefault(t[1], t[1])
    if kind == 'bytes': return bytes.fromhex(t[1])
    if kind == 'tuple': return tuple(untag(x) for x in t[1])
    if kind == 'list': return [untag(x) for x in t[1]]
    if kind == 'dict': return {k: untag(x) for k, x in t[1]}
    raise TypeError(kind)
`;

/**
 * Runs a Python script (after the tagging helpers) with `input` on stdin and returns its stdout.
 * Python's traceback becomes the error. Starting python3 is slow on a busy machine: batch the work.
 */
export function runPython(script: string, input: Uint8Array | string = ''): Buffer {
  try {
    return execFileSync('python3', ['-c', `${TAGGING}\n${script}`], { input, maxBuffer: 1 << 30, stdio: 'pipe' });
  } catch (error) {
    const failure = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (failure.code === 'ENOENT') {
      throw new Error('these tests need python3 on PATH (CPython 3.8+, part of this machine), and it was not found');
    }
    throw new Error(`python3 failed: ${failure.stderr?.toString() || failure.message}`);
  }
}

/** What Python's `pickle.load` sees in each of the pickles, as type tags (see TAGGING). */
export function pythonLoadTagged(pickles: readonly Uint8Array[]): unknown[] {
  const script = String.raw`
data = sys.stdin.buffer
out = []
while data.peek(1):
    out.append(tag(pickle.load(data)))
sys.stdout.write(json.dumps(out))
`;
  return JSON.parse(runPython(script, Buffer.concat(pickles)).toString()) as unknown[];
}

/**
 * Pickles written by CPython's `pickle.dumps(value, protocol)` for each tagged value and each protocol
 * (null: the default protocol), in one run of python3: result[p][v] is value v at protocols[p].
 */
export function pythonDumpTagged(values: readonly unknown[], protocols: readonly (number | null)[]): Uint8Array[][] {
  const script = String.raw`
request = json.loads(sys.stdin.read())
values = [untag(v) for v in request['values']]
sys.stdout.write(json.dumps([[pickle.dumps(v, protocol=p).hex() for v in values] for p in request['protocols']]))
`;
  const hexes = JSON.parse(runPython(script, JSON.stringify({ protocols, values })).toString()) as string[][];
  return hexes.map((perValue) => perValue.map((hex) => new Uint8Array(Buffer.from(hex, 'hex'))));
}
