/** The mjl BLE GATT profile (docs/devices.md). */
export const MJL_GATT = {
  service: 'a369d1b3-fcf2-4159-84a8-a5751c7b657c',
  /** Raw input the classifier hears (sensor samples). */
  input: '347f9f7b-a71d-4d8d-b6dd-8c416270b329',
  /** Classification results. */
  output: 'ae2e723e-c297-4f13-8500-181d01bf2779',
  /** Log lines from the device firmware. */
  log: '5f1d0c55-7a3e-4c1e-9b0a-3d2f6c8e4a10',
  /** Read-only: which service and type the board and the classifiers on its pins are (docs/devices.md). */
  identity: 'c63963ad-3081-4537-add1-4038ec83888d',
} as const;

/** Stream id of a characteristic: its UUID without dashes (files are named by the first 8 hex). */
export const streamIdOf = (uuid: string) => uuid.replaceAll('-', '').toLowerCase();
