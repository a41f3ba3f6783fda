import { SeenSequences } from './sequences.js';
import { windowStartOf } from './time.js';
import { type FurtherValues, VoteTally, WindowVotes } from './votes.js';

/** What a majority is measured against: the devices that voted, or every live device of the service. */
export type Denominator = 'voters' | 'live';

export interface QuorumOptions {
  /** Length of the tumbling windows, in microseconds (windows are aligned to the epoch). */
  windowUs: number;
  /** How far behind its gateway's newest timestamp a result may be and still count. Default 0. */
  allowedLatenessUs?: number;
  /** Default 'voters'. With 'live', never less than the voters. */
  denominator?: Denominator;
  /** Fewer voters than this in a window: no decision. Default 1. */
  minVoters?: number;
  /**
   * Close a window the moment every live device of its service has voted in it. Default true. Turn it
   * off when devices send several results per window: early close makes a device's second result of
   * a window late.
   */
  earlyClose?: boolean;
}

export type ClosedBy = 'watermark' | 'all-voted' | 'shutdown';

export interface Decision {
  service: string;
  windowStartUs: number;
  windowUs: number;
  decided: boolean;
  /** The value more than half of the denominator chose; 0 when not decided. */
  value: number;
  /** Devices that voted in the window. */
  voters: number;
  /** Votes for `value`; when not decided, the most votes any one value got. */
  votesForValue: number;
  denominator: number;
  closedBy: ClosedBy;
}

export interface ResultInput {
  service: string;
  device: string;
  gateway: string;
  timestampUs: number;
  value: number;
  /** Default 0; together with `seq` identifies a result for deduplication. */
  session?: number;
  /** Without it the result is never treated as a duplicate. */
  seq?: number;
}

/** A batch as decoded from a results message (libs/protocol `ResultBatch` fits): result i has seq firstSeq + i. */
export interface ResultBatchInput {
  service: string;
  device: string;
  session?: number;
  firstSeq?: number;
  timestampsUs: ArrayLike<number>;
  values: ArrayLike<number>;
}

export type Admission = 'accepted' | 'duplicate' | 'late';

export interface BatchAdmission {
  accepted: number;
  duplicates: number;
  late: number;
}

/** Results that came after their window closed, for one device of one service. */
export interface LateBatch {
  service: string;
  device: string;
  timestampsUs: number[];
  values: number[];
}

export interface QuorumStats {
  accepted: number;
  duplicates: number;
  late: number;
  windowsOpen: number;
  decided: number;
  undecided: number;
}

/** Sessions remembered per device for deduplication; an older session's redelivery counts as new. */
const SESSIONS_PER_DEVICE = 4;
/** Closed windows and vote counters kept for reuse, so steady traffic allocates nothing per result. */
const WINDOW_POOL_LIMIT = 1024;
const FURTHER_VALUES_POOL_LIMIT = 4096;

class DeviceSlot {
  live = false;
  /** The gateway it was announced on; undefined until announced. */
  gateway: string | undefined = undefined;
  lastSessionSeen: SeenSequences | undefined = undefined;
  /** Every session remembered, once there is more than one (most devices only ever have one). */
  sessions: SeenSequences[] | undefined = undefined;
  lateBatch: LateBatch | undefined = undefined;

  constructor(
    readonly service: ServiceState,
    readonly name: string,
    readonly index: number,
  ) {}

  firstSighting(session: number, seq: number): boolean {
    const recent = this.lastSessionSeen;
    if (recent !== undefined && recent.session === session) return recent.firstSighting(seq);
    if (recent === undefined) {
      this.lastSessionSeen = new SeenSequences(session, seq);
      return true;
    }
    const sessions = (this.sessions ??= [recent]);
    const seen = sessions.find((candidate) => candidate.session === session);
    if (seen !== undefined) {
      this.lastSessionSeen = seen;
      return seen.firstSighting(seq);
    }
    if (sessions.length >= SESSIONS_PER_DEVICE) sessions.shift();
    const started = new SeenSequences(session, seq);
    sessions.push(started);
    this.lastSessionSeen = started;
    return true;
  }

  /** Whether a result of one of its sessions is known to be missing (a later one came first). */
  hasSequenceGap(): boolean {
    if (this.sessions === undefined) return (this.lastSessionSeen?.scatteredCount ?? 0) > 0;
    return this.sessions.some((session) => session.scatteredCount > 0);
  }
}

class OpenWindow {
  service: ServiceState | undefined = undefined;
  startUs = 0;
  liveVoters = 0;
  queuedForEarlyClose = false;
  /** By DeviceSlot.index. */
  readonly votes = new WindowVotes();
}

class ServiceState {
  readonly devices = new Map<string, DeviceSlot>();
  readonly deviceList: DeviceSlot[] = [];
  liveDevices = 0;
  readonly windows = new Map<number, OpenWindow>();
  /** The window the last result went to: consecutive results mostly share one. */
  recentWindow: OpenWindow | undefined = undefined;
  /** Every window starting before this is closed. */
  closedBelowUs: number;
  /** Windows at or above `closedBelowUs` that closed early; pruned as `closedBelowUs` passes them. */
  readonly earlyClosed = new Set<number>();

  constructor(
    readonly name: string,
    closedBelowUs: number,
  ) {
    this.closedBelowUs = closedBelowUs;
  }

  deviceOf(name: string): DeviceSlot {
    let device = this.devices.get(name);
    if (device === undefined) {
      device = new DeviceSlot(this, name, this.deviceList.length);
      this.devices.set(name, device);
      this.deviceList.push(device);
    }
    return device;
  }

  isClosed(windowStartUs: number): boolean {
    return windowStartUs < this.closedBelowUs || (this.earlyClosed.size > 0 && this.earlyClosed.has(windowStartUs));
  }

  /** Raises `closedBelowUs` (never lowers it), then over windows that already closed early right above it. */
  raiseClosedBelow(boundaryUs: number, windowUs: number): void {
    if (this.earlyClosed.size === 0) {
      if (boundaryUs > this.closedBelowUs) this.closedBelowUs = boundaryUs;
      return;
    }
    if (boundaryUs > this.closedBelowUs) {
      this.closedBelowUs = boundaryUs;
      for (const start of this.earlyClosed) if (start < boundaryUs) this.earlyClosed.delete(start);
    }
    while (this.earlyClosed.delete(this.closedBelowUs)) this.closedBelowUs += windowUs;
  }
}

class GatewayState {
  /** Declared dead by its last will; a gateway never declared either way counts as live. */
  offline = false;
  /** Newest event time seen from it; -Infinity until it sends something. */
  newestUs = Number.NEGATIVE_INFINITY;

  constructor(readonly name: string) {}
}

function byWindowThenService(a: Decision, b: Decision): number {
  return a.windowStartUs - b.windowStartUs || (a.service < b.service ? -1 : a.service > b.service ? 1 : 0);
}

function checkInteger(what: string, value: number | undefined, min: number, required = false): void {
  if ((required || value !== undefined) && !(Number.isSafeInteger(value) && (value as number) >= min)) {
    throw new RangeError(`quorum option ${what} must be an integer ≥ ${min}, got ${String(value)}`);
  }
}

/**
 * Majority quorum over tumbling event-time windows. Pure: no clock, no I/O; the caller feeds results
 * and liveness events and asks for the windows that can close.
 */
export class QuorumEngine {
  private readonly windowUs: number;
  private allowedLatenessUs: number;
  private readonly liveDenominator: boolean;
  private readonly minVoters: number;
  private readonly earlyClose: boolean;

  private readonly services = new Map<string, ServiceState>();
  private readonly gateways = new Map<string, GatewayState>();
  /** The same gateways, for the watermark's scan. */
  private readonly gatewayList: GatewayState[] = [];
  /** Announced devices by name (names are unique across services). */
  private readonly announced = new Map<string, DeviceSlot>();
  private recentService: ServiceState | undefined = undefined;
  private recentGateway: GatewayState | undefined = undefined;

  private watermarkNeedsUpdate = false;
  private watermark = Number.NEGATIVE_INFINITY;
  /** Windows starting before this end at or before the watermark. */
  private watermarkBoundaryUs = Number.NEGATIVE_INFINITY;
  /** The live gateway the watermark comes from; its progress is the only one that can move it. */
  private slowestGateway: GatewayState | undefined = undefined;
  /** The watermark boundary already applied to every service. */
  private appliedBoundaryUs = Number.NEGATIVE_INFINITY;

  private readonly readyEarly: OpenWindow[] = [];
  private lateBatches: LateBatch[] = [];
  private lateDevices: DeviceSlot[] = [];
  private readonly windowPool: OpenWindow[] = [];
  private readonly furtherValuesPool: FurtherValues[] = [];
  private readonly tally = new VoteTally();
  private resultsAdded = 0;

  private accepted = 0;
  private duplicates = 0;
  private late = 0;
  private windowsOpen = 0;
  private decided = 0;
  private undecided = 0;

  constructor(options: QuorumOptions) {
    checkInteger('windowUs', options.windowUs, 1, true);
    checkInteger('allowedLatenessUs', options.allowedLatenessUs, 0);
    checkInteger('minVoters', options.minVoters, 1);
    if (options.denominator !== undefined && options.denominator !== 'voters' && options.denominator !== 'live') {
      throw new RangeError(`quorum option denominator must be 'voters' or 'live', got ${JSON.stringify(options.denominator)}`);
    }
    this.windowUs = options.windowUs;
    this.allowedLatenessUs = options.allowedLatenessUs ?? 0;
    this.liveDenominator = options.denominator === 'live';
    this.minVoters = options.minVoters ?? 1;
    this.earlyClose = options.earlyClose ?? true;
  }

  /**
   * Changes how far behind a gateway's newest timestamp results still count, e.g. widened while a
   * restarted aggregator catches up on queued results that arrive interleaved with live ones. The
   * close boundary never moves back: windows already closed stay closed.
   */
  setAllowedLatenessUs(allowedLatenessUs: number): void {
    checkInteger('allowedLatenessUs', allowedLatenessUs, 0);
    this.allowedLatenessUs = allowedLatenessUs;
    this.watermarkNeedsUpdate = true;
  }

  /** A gateway is live (its birth seen). Only live gateways hold the watermark back. */
  gatewayOnline(gateway: string): void {
    this.gatewayOf(gateway).offline = false;
    this.watermarkNeedsUpdate = true;
  }

  /** Gateway died (last will): it stops holding the watermark back and its devices are no longer live. */
  gatewayOffline(gateway: string): void {
    this.gatewayOf(gateway).offline = true;
    this.watermarkNeedsUpdate = true;
    for (const device of this.announced.values()) {
      if (device.gateway === gateway) this.forget(device);
    }
  }

  /**
   * The gateway's clock reached `timestampUs` without results (an idle gateway's heartbeat): it moves
   * the gateway's watermark like a result would. Without it an idle live gateway holds windows open.
   */
  gatewayClock(gateway: string, timestampUs: number): void {
    if (!Number.isSafeInteger(timestampUs)) {
      throw new TypeError(`gateway ${gateway}: clock timestamp must be integer microseconds, got ${String(timestampUs)}`);
    }
    this.observe(this.gatewayOf(gateway), timestampUs);
  }

  /** Device of a service, on a gateway, is live (announced). */
  deviceOnline(service: string, device: string, gateway: string): void {
    const slot = this.serviceOf(service).deviceOf(device);
    const previous = this.announced.get(device);
    if (previous !== undefined && previous !== slot) this.forget(previous);
    this.announced.set(device, slot);
    slot.gateway = gateway;
    this.setLive(slot, true);
  }

  deviceOffline(device: string): void {
    const slot = this.announced.get(device);
    if (slot !== undefined) this.forget(slot);
  }

  /**
   * Adds one result. Duplicates (same device, session and seq, when seq is given) count once; a result
   * for a closed window is late and comes back through takeLate().
   */
  add(result: ResultInput): Admission {
    const timestampUs = result.timestampUs;
    if (!Number.isSafeInteger(timestampUs)) {
      throw new TypeError(`result of device ${result.device}: timestampUs must be integer microseconds, got ${String(timestampUs)}`);
    }
    if (!Number.isFinite(result.value)) {
      throw new TypeError(`result of device ${result.device}: value must be a finite number, got ${String(result.value)}`);
    }
    this.observe(this.gatewayOf(result.gateway), timestampUs);
    const device = this.serviceOf(result.service).deviceOf(result.device);
    if (result.seq !== undefined && !device.firstSighting(result.session ?? 0, result.seq)) {
      this.duplicates++;
      return 'duplicate';
    }
    return this.place(device, timestampUs, result.value);
  }

  /** Adds a batch of results of one device that came through `gateway`; same rules as add(). */
  addBatch(gateway: string, batch: ResultBatchInput): BatchAdmission {
    const { timestampsUs, values, firstSeq } = batch;
    const count = timestampsUs.length;
    if (values.length !== count) {
      throw new RangeError(`results batch of device ${batch.device}: ${count} timestamps but ${values.length} values`);
    }
    let newestUs = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < count; i++) {
      const timestampUs = timestampsUs[i] as number;
      if (!Number.isSafeInteger(timestampUs)) {
        throw new TypeError(`results batch of device ${batch.device}: timestampsUs[${i}] must be integer microseconds, got ${String(timestampUs)}`);
      }
      if (timestampUs > newestUs) newestUs = timestampUs;
      if (!Number.isFinite(values[i])) {
        throw new TypeError(`results batch of device ${batch.device}: values[${i}] must be a finite number, got ${String(values[i])}`);
      }
    }
    if (count > 0) this.observe(this.gatewayOf(gateway), newestUs);
    const device = this.serviceOf(batch.service).deviceOf(batch.device);
    const session = batch.session ?? 0;
    const admission: BatchAdmission = { accepted: 0, duplicates: 0, late: 0 };
    for (let i = 0; i < count; i++) {
      if (firstSeq !== undefined && !device.firstSighting(session, firstSeq + i)) {
        this.duplicates++;
        admission.duplicates++;
      } else if (this.place(device, timestampsUs[i] as number, values[i] as number) === 'accepted') {
        admission.accepted++;
      } else {
        admission.late++;
      }
    }
    return admission;
  }

  /**
   * Closes every window that can close now (its end at or below the watermark, or every live device of
   * its service voted in it) and returns their decisions in (window start, service) order.
   */
  closeReady(): Decision[] {
    if (this.watermarkNeedsUpdate) this.updateWatermark();
    const boundaryUs = this.watermarkBoundaryUs;
    if (this.readyEarly.length === 0 && boundaryUs <= this.appliedBoundaryUs) return [];
    const decisions: Decision[] = [];
    if (this.readyEarly.length > 0) {
      for (const window of this.readyEarly) {
        window.queuedForEarlyClose = false;
        if (this.allLiveVoted(window)) this.close(window, 'all-voted', decisions);
      }
      this.readyEarly.length = 0;
    }
    if (boundaryUs > this.appliedBoundaryUs) {
      this.appliedBoundaryUs = boundaryUs;
      for (const service of this.services.values()) this.closeBelow(service, boundaryUs, decisions);
    }
    if (decisions.length > 1) decisions.sort(byWindowThenService);
    return decisions;
  }

  /** Closes everything still open (shutdown, end of input) with closedBy 'shutdown'. */
  closeAll(): Decision[] {
    for (const window of this.readyEarly) window.queuedForEarlyClose = false;
    this.readyEarly.length = 0;
    const decisions: Decision[] = [];
    for (const service of this.services.values()) {
      let endUs = service.closedBelowUs;
      for (const window of [...service.windows.values()]) {
        endUs = Math.max(endUs, window.startUs + this.windowUs);
        this.close(window, 'shutdown', decisions);
      }
      service.raiseClosedBelow(endUs, this.windowUs);
    }
    decisions.sort(byWindowThenService);
    return decisions;
  }

  /** Late results since the last call, one batch per service and device, in arrival order. */
  takeLate(): LateBatch[] {
    const batches = this.lateBatches;
    for (const device of this.lateDevices) device.lateBatch = undefined;
    this.lateBatches = [];
    this.lateDevices = [];
    return batches;
  }

  stats(): QuorumStats {
    return {
      accepted: this.accepted,
      duplicates: this.duplicates,
      late: this.late,
      windowsOpen: this.windowsOpen,
      decided: this.decided,
      undecided: this.undecided,
    };
  }

  /**
   * Devices with a sequence gap: a result of theirs arrived before an earlier one of the same session,
   * so the earlier one is still on its way (e.g. queued at the broker while live results overtake it).
   * Walks every device: for occasional checks, not per result.
   */
  devicesWithSequenceGaps(): number {
    let count = 0;
    for (const service of this.services.values()) for (const device of service.devices.values()) if (device.hasSequenceGap()) count++;
    return count;
  }

  /**
   * Live gateways that have sent something but nothing as new as `timestampUs` (e.g. not yet back
   * after an outage, or still sending what they buffered, oldest first).
   */
  gatewaysBehind(timestampUs: number): number {
    let count = 0;
    for (const gateway of this.gatewayList) if (!gateway.offline && gateway.newestUs !== Number.NEGATIVE_INFINITY && gateway.newestUs < timestampUs) count++;
    return count;
  }

  /**
   * The current watermark in microseconds (-Infinity before any result): windows ending at or before
   * it close at the next closeReady().
   */
  watermarkUs(): number {
    if (this.watermarkNeedsUpdate) this.updateWatermark();
    return this.watermark;
  }

  private serviceOf(name: string): ServiceState {
    const recent = this.recentService;
    if (recent !== undefined && recent.name === name) return recent;
    let service = this.services.get(name);
    if (service === undefined) {
      service = new ServiceState(name, this.appliedBoundaryUs);
      this.services.set(name, service);
    }
    this.recentService = service;
    return service;
  }

  private gatewayOf(name: string): GatewayState {
    const recent = this.recentGateway;
    if (recent !== undefined && recent.name === name) return recent;
    let gateway = this.gateways.get(name);
    if (gateway === undefined) {
      gateway = new GatewayState(name);
      this.gateways.set(name, gateway);
      this.gatewayList.push(gateway);
    }
    this.recentGateway = gateway;
    return gateway;
  }

  private observe(gateway: GatewayState, timestampUs: number): void {
    if (timestampUs <= gateway.newestUs) return;
    const first = gateway.newestUs === Number.NEGATIVE_INFINITY;
    gateway.newestUs = timestampUs;
    if (first || gateway === this.slowestGateway || this.slowestGateway === undefined) this.watermarkNeedsUpdate = true;
  }

  /**
   * The watermark is the minimum, over live gateways that have sent anything, of their newest event
   * time minus the allowed lateness. When no live gateway has sent anything but dead ones have, nothing
   * holds it back: it moves to the end of the newest window seen.
   */
  private updateWatermark(): void {
    this.watermarkNeedsUpdate = false;
    let slowest: GatewayState | undefined;
    let newestUs = Number.NEGATIVE_INFINITY;
    for (const gateway of this.gatewayList) {
      if (gateway.newestUs > newestUs) newestUs = gateway.newestUs;
      if (!gateway.offline && gateway.newestUs !== Number.NEGATIVE_INFINITY && (slowest === undefined || gateway.newestUs < slowest.newestUs)) {
        slowest = gateway;
      }
    }
    this.slowestGateway = slowest;
    if (slowest !== undefined) this.watermark = slowest.newestUs - this.allowedLatenessUs;
    else if (newestUs !== Number.NEGATIVE_INFINITY) this.watermark = windowStartOf(newestUs, this.windowUs) + this.windowUs;
    else this.watermark = Number.NEGATIVE_INFINITY;
    const boundaryUs = this.watermarkBoundaryUs;
    const unchanged = this.watermark >= boundaryUs && this.watermark < boundaryUs + this.windowUs;
    if (!unchanged) {
      this.watermarkBoundaryUs =
        this.watermark === Number.NEGATIVE_INFINITY ? this.watermark : windowStartOf(this.watermark, this.windowUs);
    }
  }

  private place(device: DeviceSlot, timestampUs: number, value: number): Admission {
    const service = device.service;
    let window = service.recentWindow;
    if (window === undefined || timestampUs < window.startUs || timestampUs >= window.startUs + this.windowUs) {
      const startUs = windowStartOf(timestampUs, this.windowUs);
      window = service.windows.get(startUs);
      if (window === undefined) {
        if (service.isClosed(startUs)) {
          this.recordLate(device, timestampUs, value);
          return 'late';
        }
        window = this.open(service, startUs);
      }
      service.recentWindow = window;
    }
    const firstVote = window.votes.record(device.index, value, timestampUs, ++this.resultsAdded, this.furtherValuesPool);
    if (firstVote && device.live) {
      window.liveVoters++;
      this.queueIfAllLiveVoted(window);
    }
    this.accepted++;
    return 'accepted';
  }

  private recordLate(device: DeviceSlot, timestampUs: number, value: number): void {
    this.late++;
    let batch = device.lateBatch;
    if (batch === undefined) {
      batch = { service: device.service.name, device: device.name, timestampsUs: [], values: [] };
      device.lateBatch = batch;
      this.lateBatches.push(batch);
      this.lateDevices.push(device);
    }
    batch.timestampsUs.push(timestampUs);
    batch.values.push(value);
  }

  private open(service: ServiceState, startUs: number): OpenWindow {
    const window = this.windowPool.pop() ?? new OpenWindow();
    window.service = service;
    window.startUs = startUs;
    window.votes.prepare(service.deviceList.length);
    service.windows.set(startUs, window);
    this.windowsOpen++;
    return window;
  }

  private allLiveVoted(window: OpenWindow): boolean {
    const liveDevices = (window.service as ServiceState).liveDevices;
    return this.earlyClose && liveDevices > 0 && window.liveVoters === liveDevices;
  }

  private queueIfAllLiveVoted(window: OpenWindow): void {
    if (!window.queuedForEarlyClose && this.allLiveVoted(window)) {
      window.queuedForEarlyClose = true;
      this.readyEarly.push(window);
    }
  }

  private forget(device: DeviceSlot): void {
    this.announced.delete(device.name);
    this.setLive(device, false);
  }

  private setLive(device: DeviceSlot, live: boolean): void {
    if (device.live === live) return;
    device.live = live;
    const service = device.service;
    service.liveDevices += live ? 1 : -1;
    for (const window of service.windows.values()) {
      if (window.votes.hasVoted(device.index)) window.liveVoters += live ? 1 : -1;
      this.queueIfAllLiveVoted(window);
    }
  }

  private closeBelow(service: ServiceState, boundaryUs: number, decisions: Decision[]): void {
    if (boundaryUs <= service.closedBelowUs) return;
    let closing: OpenWindow[] | undefined;
    for (const window of service.windows.values()) {
      if (window.startUs < boundaryUs) (closing ??= []).push(window);
    }
    if (closing !== undefined) {
      closing.sort((a, b) => a.startUs - b.startUs);
      for (const window of closing) this.close(window, 'watermark', decisions);
    }
    service.raiseClosedBelow(boundaryUs, this.windowUs);
  }

  private close(window: OpenWindow, closedBy: ClosedBy, decisions: Decision[]): void {
    const service = window.service as ServiceState;
    const tally = this.tally;
    window.votes.tallyInto(tally);
    const top = tally.topIndex();
    const voters = window.votes.voters;
    const topVotes = tally.countAt(top);
    const denominator = this.liveDenominator ? Math.max(voters, service.liveDevices) : voters;
    const decided = voters >= this.minVoters && 2 * topVotes > denominator;
    if (decided) this.decided++;
    else this.undecided++;
    decisions.push({
      service: service.name,
      windowStartUs: window.startUs,
      windowUs: this.windowUs,
      decided,
      value: decided ? tally.valueAt(top) : 0,
      voters,
      votesForValue: topVotes,
      denominator,
      closedBy,
    });
    if (closedBy === 'all-voted') {
      service.earlyClosed.add(window.startUs);
      service.raiseClosedBelow(service.closedBelowUs, this.windowUs);
    }
    this.release(service, window);
  }

  private release(service: ServiceState, window: OpenWindow): void {
    service.windows.delete(window.startUs);
    if (service.recentWindow === window) service.recentWindow = undefined;
    this.windowsOpen--;
    window.votes.clear(this.furtherValuesPool, FURTHER_VALUES_POOL_LIMIT);
    window.liveVoters = 0;
    window.service = undefined;
    if (this.windowPool.length < WINDOW_POOL_LIMIT) this.windowPool.push(window);
  }
}
