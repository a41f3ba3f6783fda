export { DurationError, formatDuration, parseDuration } from './duration.js';
export {
  QuorumEngine,
  type Admission,
  type BatchAdmission,
  type ClosedBy,
  type Decision,
  type Denominator,
  type LateBatch,
  type QuorumOptions,
  type QuorumStats,
  type ResultBatchInput,
  type ResultInput,
} from './engine.js';
export { Aggregator, type AggregatorOptions, type OfflineRun, type ResultRow, type WindowResult } from './offline.js';
export { SCATTERED_SEQUENCE_LIMIT } from './sequences.js';
export { microsToSeconds, secondsToMicros, windowStartOf } from './time.js';
export { rendezvousOwner } from './partition.js';
