import { EventEmitter } from 'node:events';
import { MJL_GATT } from '../gatt.js';
import { MJL_IDENTITY_UUID } from '../ble/frames.js';
import { nobleUuid } from '../ble/noble.js';

/**
 * A simulated Bluetooth radio for tests: noble bindings (the interface lib/noble.js drives, modelled on
 * lib/hci-socket/bindings.js) in front of simulated peripherals. The real noble `Noble`, `Peripheral`,
 * `Service` and `Characteristic` objects run on top of it, so the driver under test takes the same path
 * as on a Pi. Like the HCI bindings it filters discoveries by the scanned service UUIDs, answers every
 * request asynchronously, and reports no disconnects when the adapter powers off.
 */
export interface FakePeripheralSpec {
  address: string;
  localName?: string;
  /** Advertised service UUIDs; default: the mjl service. */
  serviceUuids?: string[];
  /** Identity characteristic text; undefined: the peripheral has no identity characteristic. */
  identity?: string | undefined;
  /** Whether the peripheral has the optional log and input characteristics (default true). */
  log?: boolean;
  input?: boolean;
  /** When false, connection attempts never complete (out of range, busy). */
  connectable?: boolean;
}

interface FakePeripheral {
  spec: FakePeripheralSpec;
  id: string;
  inRange: boolean;
  connected: boolean;
  notifying: Set<string>;
}

const SERVICE = nobleUuid(MJL_GATT.service);
const later = (work: () => void) => setTimeout(work, 1);

export class FakeRadio extends EventEmitter {
  private state: 'poweredOn' | 'poweredOff' = 'poweredOn';
  private scanning = false;
  private scanUuids: string[] = [];
  private readonly peripherals = new Map<string, FakePeripheral>();
  /** Every bindings call, in order ("connect aabb…"), for assertions. */
  readonly calls: string[] = [];

  // ---- the bindings interface noble calls --------------------------------------------------------

  init(): void {
    this.calls.push('init');
    later(() => {
      this.emit('addressChange', '00:11:22:33:44:55');
      this.emit('stateChange', this.state);
    });
  }

  setScanParameters(): void {
    later(() => this.emit('scanParametersSet'));
  }

  startScanning(serviceUuids: string[] | undefined, allowDuplicates: boolean): void {
    this.calls.push(`startScanning ${(serviceUuids ?? []).join(',')} ${allowDuplicates}`);
    this.scanning = true;
    this.scanUuids = serviceUuids ?? [];
    later(() => {
      this.emit('scanStart', !allowDuplicates);
      for (const peripheral of this.peripherals.values()) this.advertise(peripheral);
    });
  }

  stopScanning(): void {
    this.calls.push('stopScanning');
    this.scanning = false;
    later(() => this.emit('scanStop'));
  }

  connect(id: string): void {
    this.calls.push(`connect ${id}`);
    const peripheral = this.peripherals.get(id);
    if (!peripheral || !peripheral.inRange || peripheral.spec.connectable === false || this.state !== 'poweredOn') return;
    later(() => {
      if (!peripheral.inRange || this.state !== 'poweredOn') return;
      peripheral.connected = true;
      this.emit('connect', id, null);
    });
  }

  cancelConnect(id: string): void {
    this.calls.push(`cancelConnect ${id}`);
  }

  disconnect(id: string): void {
    this.calls.push(`disconnect ${id}`);
    const peripheral = this.peripherals.get(id);
    if (!peripheral?.connected) return;
    later(() => this.drop(peripheral, 0x16));
  }

  reset(): void {}

  updateRssi(id: string): void {
    later(() => this.emit('rssiUpdate', id, -50));
  }

  discoverServices(id: string): void {
    const peripheral = this.connectedPeripheral(id);
    if (peripheral) later(() => this.emit('servicesDiscover', id, [SERVICE]));
  }

  discoverIncludedServices(id: string, serviceUuid: string): void {
    later(() => this.emit('includedServicesDiscover', id, serviceUuid, []));
  }

  discoverCharacteristics(id: string, serviceUuid: string): void {
    const peripheral = this.connectedPeripheral(id);
    if (!peripheral) return;
    const { spec } = peripheral;
    const characteristics = [{ uuid: nobleUuid(MJL_GATT.output), properties: ['notify'] }];
    if (spec.input !== false) characteristics.push({ uuid: nobleUuid(MJL_GATT.input), properties: ['notify'] });
    if (spec.log !== false) characteristics.push({ uuid: nobleUuid(MJL_GATT.log), properties: ['notify'] });
    if (spec.identity !== undefined) characteristics.push({ uuid: nobleUuid(MJL_IDENTITY_UUID), properties: ['read'] });
    later(() => this.emit('characteristicsDiscover', id, serviceUuid, characteristics));
  }

  read(id: string, serviceUuid: string, characteristicUuid: string): void {
    const peripheral = this.connectedPeripheral(id);
    if (!peripheral) return;
    const value = characteristicUuid === nobleUuid(MJL_IDENTITY_UUID) ? Buffer.from(peripheral.spec.identity ?? '') : Buffer.alloc(0);
    later(() => this.emit('read', id, serviceUuid, characteristicUuid, value, false));
  }

  write(id: string, serviceUuid: string, characteristicUuid: string): void {
    later(() => this.emit('write', id, serviceUuid, characteristicUuid));
  }

  notify(id: string, serviceUuid: string, characteristicUuid: string, notify: boolean): void {
    this.calls.push(`notify ${id} ${characteristicUuid.slice(0, 8)} ${notify}`);
    const peripheral = this.connectedPeripheral(id);
    if (!peripheral) return;
    if (notify) peripheral.notifying.add(characteristicUuid);
    else peripheral.notifying.delete(characteristicUuid);
    later(() => this.emit('notify', id, serviceUuid, characteristicUuid, notify));
  }

  discoverDescriptors(id: string, serviceUuid: string, characteristicUuid: string): void {
    later(() => this.emit('descriptorsDiscover', id, serviceUuid, characteristicUuid, []));
  }

  // ---- what a test does to the simulated world ---------------------------------------------------

  /** A peripheral powers up in range: advertises (seen if scanning). */
  addPeripheral(spec: FakePeripheralSpec): string {
    const id = spec.address.replaceAll(':', '').toLowerCase();
    const peripheral: FakePeripheral = { spec, id, inRange: true, connected: false, notifying: new Set() };
    this.peripherals.set(id, peripheral);
    this.advertise(peripheral);
    return id;
  }

  /** The peripheral sends a notification on a characteristic (dropped unless subscribed, as on air). */
  notifyFrom(address: string, characteristicUuid: string, data: Uint8Array): boolean {
    const peripheral = this.byAddress(address);
    const uuid = nobleUuid(characteristicUuid);
    if (!peripheral.connected || !peripheral.notifying.has(uuid)) return false;
    this.emit('read', peripheral.id, SERVICE, uuid, Buffer.from(data), true);
    return true;
  }

  /** The link drops (supervision timeout, 0x08) and the peripheral goes out of range or back in. */
  setInRange(address: string, inRange: boolean): void {
    const peripheral = this.byAddress(address);
    peripheral.inRange = inRange;
    if (!inRange && peripheral.connected) later(() => this.drop(peripheral, 0x08));
    if (inRange) this.advertise(peripheral);
  }

  isConnected(address: string): boolean {
    return this.byAddress(address).connected;
  }

  isNotifying(address: string, characteristicUuid: string): boolean {
    return this.byAddress(address).notifying.has(nobleUuid(characteristicUuid));
  }

  /** Adapter off (rfkill, USB dongle pulled): links vanish without disconnect events, like the HCI bindings. */
  powerOff(): void {
    this.state = 'poweredOff';
    this.scanning = false;
    for (const peripheral of this.peripherals.values()) {
      peripheral.connected = false;
      peripheral.notifying.clear();
    }
    later(() => this.emit('stateChange', 'poweredOff'));
  }

  powerOn(): void {
    this.state = 'poweredOn';
    later(() => this.emit('stateChange', 'poweredOn'));
  }

  private advertise(peripheral: FakePeripheral): void {
    if (!this.scanning || !peripheral.inRange || this.state !== 'poweredOn') return;
    const serviceUuids = (peripheral.spec.serviceUuids ?? [MJL_GATT.service]).map(nobleUuid);
    if (this.scanUuids.length > 0 && !serviceUuids.some((uuid) => this.scanUuids.includes(uuid))) return;
    const advertisement = { localName: peripheral.spec.localName, serviceUuids, serviceData: [], manufacturerData: undefined, txPowerLevel: undefined };
    later(() => this.emit('discover', peripheral.id, peripheral.spec.address, 'random', true, advertisement, -60, true));
  }

  private drop(peripheral: FakePeripheral, reason: number): void {
    if (!peripheral.connected) return;
    peripheral.connected = false;
    peripheral.notifying.clear();
    this.emit('disconnect', peripheral.id, reason);
  }

  private connectedPeripheral(id: string): FakePeripheral | undefined {
    const peripheral = this.peripherals.get(id);
    return peripheral?.connected ? peripheral : undefined;
  }

  private byAddress(address: string): FakePeripheral {
    const peripheral = this.peripherals.get(address.replaceAll(':', '').toLowerCase());
    if (!peripheral) throw new Error(`the fake radio has no peripheral ${address}`);
    return peripheral;
  }
}
