import { Direction, Protocol, type StreamInfo } from '@mjl/protocol';
import { MJL_GATT, streamIdOf } from './gatt.js';

/**
 * Stream ids are the same on every transport: a device's results are always stream `ae2e723e…`, whether
 * they arrive as BLE notifications, GPIO edges or serial lines, so inspection files are named alike.
 */
export const STREAM_IDS = {
  input: streamIdOf(MJL_GATT.input),
  output: streamIdOf(MJL_GATT.output),
  log: streamIdOf(MJL_GATT.log),
} as const;

const idOf = { [Direction.INPUT]: STREAM_IDS.input, [Direction.OUTPUT]: STREAM_IDS.output, [Direction.LOG]: STREAM_IDS.log } as const;
type StreamDirection = keyof typeof idOf;

export function bleStream(characteristicUuid: string, direction: StreamDirection, peripheral: string): StreamInfo {
  return {
    id: idOf[direction],
    direction,
    protocol: Protocol.BLE,
    ble: { serviceUuid: MJL_GATT.service, characteristicUuid, peripheral },
  };
}

export function gpioStream(strobePin: number, dataPins: number[]): StreamInfo {
  return { id: STREAM_IDS.output, direction: Direction.OUTPUT, protocol: Protocol.GPIO, gpio: { strobePin, dataPins } };
}

export function serialStream(direction: StreamDirection, path: string, baudRate: number): StreamInfo {
  return { id: idOf[direction], direction, protocol: Protocol.SERIAL, serial: { path, baudRate } };
}
