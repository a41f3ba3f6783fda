import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The one logger of mjl: structured JSON lines (pino) on stderr, so that stdout stays the
 * program's output. The level comes from the caller, else MJL_LOG_LEVEL, else info.
 */
export function createLogger(name: string, level?: string): Logger {
  const wanted = (level ?? process.env.MJL_LOG_LEVEL ?? 'info') as LevelWithSilent;
  return pino({ name, level: LOG_LEVELS.includes(wanted) ? wanted : 'info' }, pino.destination({ fd: 2, sync: false }));
}
