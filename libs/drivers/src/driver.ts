import { EventEmitter } from 'node:events';
import type { Protocol, StreamInfo } from '@mjl/protocol';
import type { Logger } from '@mjl/runtime';

/** What a driver knows of a device it found. */
export interface DiscoveredDevice {
  name: string;
  service: string;
  type: string;
  protocols: Protocol[];
  /** The device this one is reached through (e.g. the Arduino in front of an FPGA). */
  parent?: string | undefined;
  streams: StreamInfo[];
  /** Bus address the name was derived from (BLE address, pin numbers, serial path). */
  address: string;
}

/** Events every driver emits on the gateway's bus; the agent publishes them. */
export interface DriverEvents {
  /** A device was found or came back (birth), through `driver`, which serves its streams. */
  deviceUp: [device: DiscoveredDevice, driver: Driver];
  /** A device went away (unplugged, disconnected): its death. */
  deviceDown: [name: string, reason: string];
  /** One classification, timestamped as close to the hardware event as the driver can. */
  result: [device: string, timestampUs: number, value: number];
  log: [device: string, timestampUs: number, level: string, text: string];
  /** Raw stream data, emitted only while the device's streams are being inspected. */
  streamData: [device: string, stream: string, timestampUs: number, data: Uint8Array];
}

/** The typed bus between drivers and the agent's publishers. */
export class DriverBus extends EventEmitter<DriverEvents> {}

export interface DriverContext {
  site: string;
  gateway: string;
  bus: DriverBus;
  logger: Logger;
}

/**
 * Base of every driver (sim, BLE, GPIO, serial). The constructor only stores what it is given;
 * start() begins discovery, stop() releases the hardware. Inspection switches raw streaming on and off.
 */
export abstract class Driver {
  abstract readonly kind: string;

  constructor(protected readonly context: DriverContext) {}

  abstract start(): Promise<void>;
  abstract stop(): Promise<void>;

  /** Starts emitting `streamData` for the device's streams. Throws if the device is not this driver's. */
  abstract startStreaming(device: string): Promise<void>;
  abstract stopStreaming(device: string): Promise<void>;
}
