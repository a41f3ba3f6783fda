import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { nowUs } from '@mjl/runtime';

export type Edge = 'rising' | 'falling' | 'both';
export type Level = 0 | 1;

/** One input pin, numbered by BCM. */
export interface Pin {
  read(): Level;
  /** Calls `onEdge` from the pin's interrupt with the level after each `edge`. */
  watch(edge: Edge, onEdge: (error: Error | null | undefined, level: Level) => void): void;
  /** Stops watching and gives the pin back to the kernel. */
  unexport(): void;
}

/** Where pins come from: sysfs through onoff on a Pi, a simulation in tests and benchmarks. */
export interface PinBank {
  /** Opens BCM pin `pin` as an input. */
  input(pin: number): Pin;
}

/** Labels of the gpiochip carrying the 40-pin header's BCM GPIOs: Pi 5 (RP1), Pi 4, Pi 0–3. */
export const PI_GPIO_CHIP_LABELS = ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835'] as const;

export interface SysfsOptions {
  /** Root of sysfs; tests point it at a fake tree. Default /sys. */
  sysfsRoot?: string | undefined;
  /** Use the gpiochip with this label instead of looking for a Raspberry Pi's. */
  chipLabel?: string | undefined;
}

interface GpioChip {
  name: string;
  label: string;
  base: number;
  ngpio: number;
}

function readChips(root: string): GpioChip[] {
  const dir = join(root, 'class', 'gpio');
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    throw new Error(
      `no sysfs GPIO at ${dir} (${(error as NodeJS.ErrnoException).code}): not a Raspberry Pi, or the kernel was built without CONFIG_GPIO_SYSFS`,
    );
  }
  const read = (chip: string, file: string) => readFileSync(join(dir, chip, file), 'utf8').trim();
  return entries
    .filter((entry) => entry.startsWith('gpiochip'))
    .map((name) => ({ name, label: read(name, 'label'), base: Number(read(name, 'base')), ngpio: Number(read(name, 'ngpio')) }));
}

/**
 * The sysfs GPIO number of BCM pin `bcm`. Current Raspberry Pi OS kernels number sysfs GPIOs from the
 * SoC gpiochip's base (512 and up, 571 on a Pi 5), not from 0, so `pin: 17` must become base + 17.
 */
export function sysfsGpioNumber(bcm: number, options: SysfsOptions = {}): number {
  const root = options.sysfsRoot ?? '/sys';
  const chips = readChips(root);
  const wanted = options.chipLabel ? [options.chipLabel] : PI_GPIO_CHIP_LABELS;
  const chip = wanted.map((label) => chips.find((candidate) => candidate.label === label)).find((found) => found !== undefined);
  if (!chip) {
    const seen = chips.map((candidate) => `${candidate.name} "${candidate.label}"`).join(', ') || 'none';
    throw new Error(
      `no GPIO controller labelled ${wanted.map((label) => `"${label}"`).join(' or ')} under ${join(root, 'class', 'gpio')} (found: ${seen}); ` +
        'set the driver\'s chipLabel to the controller that carries your pins',
    );
  }
  if (!Number.isInteger(bcm) || bcm < 0 || bcm >= chip.ngpio) {
    throw new Error(`BCM pin ${bcm} is not on ${chip.name} "${chip.label}", which has pins 0 to ${chip.ngpio - 1}`);
  }
  return chip.base + bcm;
}

interface OnoffGpio {
  readSync(): Level;
  setEdge(edge: Edge | 'none'): void;
  watch(callback: (error: Error | null | undefined, value: Level) => void): void;
  unexport(): void;
}

interface OnoffModule {
  Gpio: { new (gpio: number, direction: 'in', edge?: Edge | 'none'): OnoffGpio; readonly accessible: boolean };
}

const require = createRequire(import.meta.url);

function loadOnoff(): OnoffModule {
  let onoff: OnoffModule;
  try {
    onoff = require('onoff') as OnoffModule;
  } catch (error) {
    throw new Error(
      `the GPIO driver needs the onoff package and its native epoll module (${(error as Error).message.split('\n')[0]}): ` +
        'install it on the gateway with npm install onoff (needs build-essential where no prebuilt binary fits)',
      { cause: error },
    );
  }
  if (!onoff.Gpio.accessible) {
    throw new Error(
      'cannot open /sys/class/gpio/export: not a Linux board with sysfs GPIO, or no permission ' +
        '(add the gateway\'s user to the gpio group: sudo usermod -aG gpio $USER, then log in again)',
    );
  }
  return onoff;
}

/** A Pi's pins through onoff (sysfs), BCM numbers mapped to sysfs numbers by sysfsGpioNumber(). */
export class OnoffPinBank implements PinBank {
  private onoff: OnoffModule | undefined;

  constructor(private readonly options: SysfsOptions = {}) {}

  input(pin: number): Pin {
    const onoff = (this.onoff ??= loadOnoff());
    const line = sysfsGpioNumber(pin, this.options);
    let gpio: OnoffGpio;
    try {
      gpio = new onoff.Gpio(line, 'in', 'none');
    } catch (error) {
      throw new Error(`cannot open BCM pin ${pin} (sysfs GPIO ${line}): ${(error as Error).message}`, { cause: error });
    }
    return {
      read: () => gpio.readSync(),
      watch: (edge, onEdge) => {
        gpio.setEdge(edge);
        gpio.watch(onEdge);
      },
      unexport: () => gpio.unexport(),
    };
  }
}

interface SimulatedPin {
  level: Level;
  open: boolean;
  watchers: { edge: Edge; onEdge: (error: Error | null | undefined, level: Level) => void }[];
}

/**
 * Pins in memory for tests and benchmarks: `set()` drives a level, and each edge reaches the watchers
 * the way an interrupt does on a Pi — after the current task (`deliver: 'immediate'`, onoff's epoll
 * callback arrives from the event loop likewise) or at once (`'sync'`). `lastEdgeUs` is when the last
 * edge was driven: the simulated hardware time of the interrupt.
 */
export class SimulatedPinBank implements PinBank {
  private readonly pins = new Map<number, SimulatedPin>();
  lastEdgeUs = 0;

  constructor(private readonly deliver: 'immediate' | 'sync' = 'immediate') {}

  input(pin: number): Pin {
    const state = this.pin(pin);
    if (state.open) throw new Error(`BCM pin ${pin} is already in use (EBUSY)`);
    state.open = true;
    return {
      read: () => state.level,
      watch: (edge, onEdge) => void state.watchers.push({ edge, onEdge }),
      unexport: () => {
        state.open = false;
        state.watchers = [];
      },
    };
  }

  /** Drives a pin to `level`; a change is an edge. */
  set(pin: number, level: Level): void {
    const state = this.pin(pin);
    if (state.level === level) return;
    state.level = level;
    const rising = level === 1;
    const watchers = state.watchers.filter(({ edge }) => edge === 'both' || (edge === 'rising') === rising);
    if (watchers.length === 0) return;
    this.lastEdgeUs = nowUs();
    const fire = () => {
      for (const { onEdge } of watchers) onEdge(null, level);
    };
    if (this.deliver === 'sync') fire();
    else setImmediate(fire);
  }

  /** Sets several pins at once, e.g. the data pins of a class, LSB first. */
  setBits(pins: number[], value: number): void {
    pins.forEach((pin, bit) => this.set(pin, ((value >> bit) & 1) as Level));
  }

  isOpen(pin: number): boolean {
    return this.pins.get(pin)?.open ?? false;
  }

  private pin(pin: number): SimulatedPin {
    let state = this.pins.get(pin);
    if (!state) this.pins.set(pin, (state = { level: 0, open: false, watchers: [] }));
    return state;
  }
}
