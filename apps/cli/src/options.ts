import { parseDuration } from '@mjl/quorum';
import { parseProtocol, protocolName, Protocol } from '@mjl/protocol';
import { CliError, type GlobalOptions } from './context.js';
import { DEFAULT_REPLY_TIMEOUT_MS } from './request.js';

/** A duration flag ("10s", "3ms", "5m") in microseconds; a clear error naming the flag otherwise. */
export function durationOption(flag: string, text: string): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new CliError(`${flag}: ${(error as Error).message}`);
  }
}

/** Like durationOption, and zero ("0", "0ms") is allowed: lateness, for example. */
export function durationOrZeroOption(flag: string, text: string): number {
  return /^\s*0+(\.0*)?(us|µs|ms|s|m|h)?\s*$/.test(text) ? 0 : durationOption(flag, text);
}

/** A whole number flag within [min, max]. */
export function integerOption(flag: string, text: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max) {
    throw new CliError(`${flag}: expected a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? '' : ` to ${max}`}, got "${text}"`);
  }
  return value;
}

const PROTOCOL_NAMES = [Protocol.GPIO, Protocol.BLE, Protocol.SERIAL].map(protocolName);

/** --proto GPIO|BLE|Serial, case-insensitive. */
export function protocolOption(text: string): Protocol {
  const protocol = parseProtocol(text);
  if (protocol === undefined) throw new CliError(`--proto: unknown protocol "${text}": use ${PROTOCOL_NAMES.join(', ')}`);
  return protocol;
}

export { PROTOCOL_NAMES };

/** How long to wait for a gateway's reply to a command (--timeout, default 5s), in milliseconds. */
export function replyTimeoutMs(options: GlobalOptions): number {
  return options.timeout === undefined ? DEFAULT_REPLY_TIMEOUT_MS : Math.ceil(durationOption('--timeout', options.timeout) / 1000);
}

/** Resolves on the first SIGINT or SIGTERM (Ctrl-C ends a streaming command cleanly); returns a remover. */
export function onInterrupt(handler: () => void): () => void {
  const once = () => {
    remove();
    handler();
  };
  const remove = () => {
    process.off('SIGINT', once);
    process.off('SIGTERM', once);
  };
  process.once('SIGINT', once);
  process.once('SIGTERM', once);
  return remove;
}
