export { FormatError, type FileFormat, type FormatErrorDetails } from './format-error.js';
export { PickleFloat, PickleList, encodePickle, type PickleDict, type PickleValue } from './pickle-encode.js';
export { decodePickle, type UnpickledDict, type UnpickledValue } from './pickle-decode.js';
export {
  DECISION_ROWS,
  RESULT_ROWS,
  STREAM_ROWS,
  type Cell,
  type Column,
  type ColumnType,
  type DecisionRow,
  type ResultRow,
  type Row,
  type RowShape,
  type StreamRow,
} from './rows.js';
export { DEFAULT_CHUNK_BYTES, type ChunkSink, type RowsWriter, type RowsWriterOptions } from './rows-writer.js';
export { PickleRowsWriter, repairPickleRows, type RepairedPickleRows } from './pickle-rows.js';
export { CsvRowsWriter } from './csv.js';
export { NdjsonRowsWriter } from './ndjson.js';
export {
  FILE_FORMATS,
  createRowsWriter,
  extensionFor,
  isFileFormat,
  readRows,
  sniffFormat,
  writeRows,
} from './files.js';
export { microsFromSeconds, secondsFromMicros } from './time.js';
