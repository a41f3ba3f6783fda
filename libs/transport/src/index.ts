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
