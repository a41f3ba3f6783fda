export * from './messages.js';
export { codecs, DecodeError, type Codec, type DecodeErrorKind, type DecodeResult } from './codec.js';
export { TOPIC_ROOT, RESERVED_SITES, filters, nameProblem, parseTopic, topics, type ParsedTopic } from './topics.js';
export { deviceName } from './names.js';
export { CLIENT_ID_PREFIX, clientIds } from './client-ids.js';
