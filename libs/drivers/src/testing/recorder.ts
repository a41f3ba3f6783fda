import type { Logger } from '@mjl/runtime';
import { DriverBus, type DiscoveredDevice, type DriverContext } from '../driver.js';

export interface LogLine {
  level: string;
  msg: string;
  [key: string]: unknown;
}

/** The slice of the pino Logger drivers use (child, and one method per level), kept in memory. */
function recordingLogger(lines: LogLine[], bindings: Record<string, unknown>): Logger {
  const at = (level: string) => (first: unknown, message?: string) => {
    const fields = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
    lines.push({ ...bindings, ...fields, level, msg: typeof first === 'string' ? first : (message ?? '') });
  };
  const logger = {
    level: 'trace',
    child: (more: Record<string, unknown>) => recordingLogger(lines, { ...bindings, ...more }),
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
  };
  return logger as unknown as Logger;
}

/** Everything drivers put on a bus, in order, for tests to wait on and assert. */
export class BusRecorder {
  readonly bus = new DriverBus();
  readonly ups: DiscoveredDevice[] = [];
  readonly downs: { name: string; reason: string }[] = [];
  readonly results: { device: string; timestampUs: number; value: number }[] = [];
  readonly logs: { device: string; timestampUs: number; level: string; text: string }[] = [];
  readonly streamData: { device: string; stream: string; timestampUs: number; data: Uint8Array }[] = [];
  /** deviceUp/deviceDown in order: "up Name" / "down Name". */
  readonly transitions: string[] = [];
  readonly logLines: LogLine[] = [];
  readonly logger: Logger;

  constructor(readonly site = 'kitchen', readonly gateway = 'pi-1') {
    this.bus.on('deviceUp', (device) => {
      this.ups.push(device);
      this.transitions.push(`up ${device.name}`);
    });
    this.bus.on('deviceDown', (name, reason) => {
      this.downs.push({ name, reason });
      this.transitions.push(`down ${name}`);
    });
    this.bus.on('result', (device, timestampUs, value) => this.results.push({ device, timestampUs, value }));
    this.bus.on('log', (device, timestampUs, level, text) => this.logs.push({ device, timestampUs, level, text }));
    this.bus.on('streamData', (device, stream, timestampUs, data) => this.streamData.push({ device, stream, timestampUs, data }));
    this.logger = recordingLogger(this.logLines, {});
  }

  get context(): DriverContext {
    return { site: this.site, gateway: this.gateway, bus: this.bus, logger: this.logger };
  }

  /** Which devices are up now, by the last transition of each. */
  online(): Set<string> {
    const state = new Map<string, boolean>();
    for (const transition of this.transitions) {
      const [kind, name] = transition.split(' ') as [string, string];
      state.set(name, kind === 'up');
    }
    return new Set([...state].filter(([, up]) => up).map(([name]) => name));
  }

  /** Resolves with `check`'s value once it is not undefined; rejects after `timeoutMs` with `what`. */
  async until<T>(what: string, check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = check();
      if (value !== undefined && value !== false) return value;
      if (Date.now() > deadline) {
        throw new Error(`not within ${timeoutMs} ms: ${what}\ntransitions: ${this.transitions.join(', ')}\nlog: ${this.logLines.map((l) => l.msg + (l['err'] ? ` (${String(l['err'])})` : '')).join('; ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
