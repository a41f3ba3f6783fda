export {
  BROKER_MARKER,
  BrokerLink,
  BrokerUnreachableError,
  parseBrokerUrls,
  type LinkOptions,
  type MessageHandler,
  type QoS,
  type Will,
} from './link.js';
export { Outbox, type OutboxMessage, type OutboxOptions, type OutboxSend, type OutboxStats } from './outbox.js';
