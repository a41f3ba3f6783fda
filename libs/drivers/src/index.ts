export { Driver, DriverBus, type DiscoveredDevice, type DriverContext, type DriverEvents } from './driver.js';
export { MJL_GATT, streamIdOf } from './gatt.js';
export { parseSimulateSpec, SIM_DEFAULTS, SimDriver, type SimOptions, type SimServiceSpec } from './sim/sim-driver.js';
export { simulatedTruth, simulatedVote } from './sim/truth.js';
