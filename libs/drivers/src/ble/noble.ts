import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

/**
 * The parts of @abandonware/noble 1.9.2-26 the BLE driver uses (lib/noble.js, lib/peripheral.js,
 * lib/service.js, lib/characteristic.js). Noble UUIDs are lower-case hex without dashes.
 */
export interface NobleCharacteristic extends EventEmitter {
  uuid: string;
  properties: string[];
  readAsync(): Promise<Buffer>;
  subscribeAsync(): Promise<void>;
  unsubscribeAsync(): Promise<void>;
}

export interface NobleService extends EventEmitter {
  uuid: string;
  discoverCharacteristicsAsync(characteristicUuids: string[]): Promise<NobleCharacteristic[]>;
}

export interface NoblePeripheral extends EventEmitter {
  id: string;
  address: string;
  advertisement: { localName?: string; serviceUuids?: string[] };
  state: 'error' | 'connecting' | 'connected' | 'disconnecting' | 'disconnected';
  connectAsync(): Promise<void>;
  cancelConnect(): void;
  disconnect(): void;
  discoverServicesAsync(serviceUuids: string[]): Promise<NobleService[]>;
}

export interface Noble extends EventEmitter {
  readonly state: string;
  startScanningAsync(serviceUuids: string[], allowDuplicates: boolean): Promise<void>;
  stopScanning(): void;
}

/**
 * What noble's `Noble` class drives: an event emitter with init/startScanning/connect/… methods that
 * emits stateChange/discover/connect/…; on a Pi the HCI socket bindings (lib/hci-socket/bindings.js).
 */
export type NobleBindings = EventEmitter;

/** A noble UUID: lower-case hex without dashes. */
export const nobleUuid = (uuid: string) => uuid.replaceAll('-', '').toLowerCase();

const require = createRequire(import.meta.url);

/**
 * A `Noble` over `bindings`, or over the platform's own (the HCI socket on Linux) when none are given:
 * `with-custom-binding` is what `require('@abandonware/noble')` runs, minus the module-level singleton.
 * Loaded here, not imported at the top, because noble opens the HCI socket as it loads and throws where
 * there is no Bluetooth.
 */
export function loadNoble(bindings?: NobleBindings, hciDeviceId?: number): Noble {
  if (bindings) return (require('@abandonware/noble/with-bindings') as (bindings: NobleBindings) => Noble)(bindings);
  try {
    const create = require('@abandonware/noble/with-custom-binding') as (options: { deviceId?: number }) => Noble;
    return create(hciDeviceId === undefined ? {} : { deviceId: hciDeviceId });
  } catch (error) {
    throw new Error(explainNobleFailure(error as NodeJS.ErrnoException), { cause: error });
  }
}

/** Turns what noble throws while loading into the cause and the fix. */
export function explainNobleFailure(error: NodeJS.ErrnoException): string {
  const prefix = 'the BLE driver cannot start';
  switch (error.code) {
    case 'EAFNOSUPPORT':
      return (
        `${prefix}: this machine has no Bluetooth support (opening an HCI socket failed with EAFNOSUPPORT: the kernel ` +
        'has no Bluetooth, or there is no adapter). Run the gateway on a machine with a Bluetooth LE adapter ' +
        '(e.g. a Raspberry Pi with Bluetooth enabled), or remove the "kind: ble" driver from the gateway config.'
      );
    case 'EPERM':
    case 'EACCES':
      return (
        `${prefix}: not allowed to open the Bluetooth HCI socket (${error.code}). Run as root, or give node the ` +
        'capability once: sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(which node)")"'
      );
    case 'ENODEV':
      return `${prefix}: no Bluetooth adapter hci${process.env.NOBLE_HCI_DEVICE_ID ?? '0'} (ENODEV). Check "hciconfig -a" / "bluetoothctl list" and the driver's hciDevice option.`;
    case 'MODULE_NOT_FOUND':
    case 'ERR_DLOPEN_FAILED':
      return (
        `${prefix}: @abandonware/noble or its native HCI socket module is not installed for this platform ` +
        `(${error.message.split('\n')[0]}). Install it on the gateway: npm install @abandonware/noble ` +
        '(needs build-essential and libudev-dev when no prebuilt binary fits).'
      );
    default:
      return `${prefix}: loading @abandonware/noble failed: ${error.message}`;
  }
}
