export { Driver, DriverBus, type DiscoveredDevice, type DriverContext, type DriverEvents } from './driver.js';
export { MJL_GATT, streamIdOf } from './gatt.js';
export { parseSimulateSpec, SIM_DEFAULTS, SimDriver, type SimOptions, type SimServiceSpec } from './sim/sim-driver.js';
export { simulatedTruth, simulatedVote } from './sim/truth.js';
export { Backoff, BACKOFF_DEFAULTS, type BackoffOptions } from './backoff.js';
export { STREAM_IDS } from './streams.js';
export { BLE_DEFAULTS, BleDriver, type BleDriverOptions } from './ble/ble-driver.js';
export {
  decodeLogFrame,
  decodeResultFrame,
  encodeLogFrame,
  encodeResultFrame,
  formatIdentity,
  LOG_SOURCE_SELF,
  MJL_IDENTITY_UUID,
  parseIdentity,
  type Identity,
  type ResultRecord,
} from './ble/frames.js';
export type { NobleBindings } from './ble/noble.js';
export { GPIO_DEFAULTS, GpioDriver, MAX_DATA_PINS, type GpioDriverOptions } from './gpio/gpio-driver.js';
export { OnoffPinBank, PI_GPIO_CHIP_LABELS, SimulatedPinBank, sysfsGpioNumber, type Edge, type Level, type Pin, type PinBank } from './gpio/pins.js';
export { SERIAL_DEFAULTS, SerialDriver, type SerialDriverOptions } from './serial/serial-driver.js';
export { checkLine, crc16, encodeSerialFrame, parseDeviceFrame, type DeviceFrame } from './serial/frames.js';
