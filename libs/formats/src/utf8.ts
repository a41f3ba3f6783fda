import type { ByteWriter } from './byte-writer.js';

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** A UTF-16 code unit that is half of a surrogate pair with no other half (`u` flag pairs the halves). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Appends `text` as UTF-8 and returns the number of bytes written. Lone surrogates (legal in JS strings)
 * are written as their 3-byte form, like CPython's "surrogatepass" pickling of str, so they round-trip;
 * TextEncoder would silently replace them with U+FFFD.
 */
export function writeUtf8(out: ByteWriter, text: string): number {
  out.reserve(text.length * 3);
  if (!LONE_SURROGATE.test(text)) {
    const { written } = encoder.encodeInto(text, out.tail());
    out.advance(written);
    return written;
  }
  const target = out.tail();
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) {
      target[at++] = code;
    } else if (code < 0x800) {
      target[at++] = 0xc0 | (code >> 6);
      target[at++] = 0x80 | (code & 0x3f);
    } else if (code < 0x10000) {
      target[at++] = 0xe0 | (code >> 12);
      target[at++] = 0x80 | ((code >> 6) & 0x3f);
      target[at++] = 0x80 | (code & 0x3f);
    } else {
      target[at++] = 0xf0 | (code >> 18);
      target[at++] = 0x80 | ((code >> 12) & 0x3f);
      target[at++] = 0x80 | ((code >> 6) & 0x3f);
      target[at++] = 0x80 | (code & 0x3f);
    }
  }
  out.advance(at);
  return at;
}

const SHORT_ASCII = 64;

/**
 * Decodes UTF-8 bytes, accepting encoded lone surrogates (CPython's "surrogatepass", which pickle uses
 * for str). Returns undefined when the bytes are not UTF-8 even so; the caller reports where.
 */
export function readUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start <= SHORT_ASCII && isAscii(bytes, start, end)) {
    // One flat string; concatenating character by character would build (and keep) a rope of fragments.
    return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
  }
  try {
    return strictDecoder.decode(bytes.subarray(start, end));
  } catch {
    return readUtf8SurrogatePass(bytes, start, end);
  }
}

function isAscii(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

function readUtf8SurrogatePass(bytes: Uint8Array, start: number, end: number): string | undefined {
  const units: number[] = [];
  let i = start;
  const continuation = (at: number): number => {
    const byte = at < end ? (bytes[at] as number) : 0;
    return (byte & 0xc0) === 0x80 ? byte & 0x3f : -1;
  };
  while (i < end) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      units.push(lead);
      i += 1;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      const c1 = continuation(i + 1);
      if (c1 < 0) return undefined;
      units.push(((lead & 0x1f) << 6) | c1);
      i += 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      const c1 = continuation(i + 1);
      const c2 = continuation(i + 2);
      if (c1 < 0 || c2 < 0) return undefined;
      const code = ((lead & 0x0f) << 12) | (c1 << 6) | c2;
      if (code < 0x800) return undefined;
      units.push(code);
      i += 3;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      const c1 = continuation(i + 1);
      const c2 = continuation(i + 2);
      const c3 = continuation(i + 3);
      if (c1 < 0 || c2 < 0 || c3 < 0) return undefined;
      const code = ((lead & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3;
      if (code < 0x10000 || code > 0x10ffff) return undefined;
      units.push(0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff));
      i += 4;
    } else {
      return undefined;
    }
  }
  let text = '';
  for (let at = 0; at < units.length; at += 8192) text += String.fromCharCode(...units.slice(at, at + 8192));
  return text;
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Appends `text` as standard UTF-8 (lone surrogates become U+FFFD), for text formats. */
export function writeText(out: ByteWriter, text: string): void {
  out.reserve(text.length * 3);
  out.advance(encoder.encodeInto(text, out.tail()).written);
}

/** A UTF-8 text file as a string, without its byte order mark; undefined if it is not UTF-8. */
export function decodeText(bytes: Uint8Array): string | undefined {
  try {
    return textDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}
