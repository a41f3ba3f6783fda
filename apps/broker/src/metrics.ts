import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { LimitKind } from './limits.js';

export type DenialAction = 'connect' | 'publish' | 'subscribe';

/**
 * The broker's Prometheus metrics (served on --health-port /metrics). Label children are made once,
 * so counting a message allocates nothing.
 */
export class BrokerMetrics {
  readonly registry = new Registry();
  private readonly receivedByQos: Counter.Internal[];
  private readonly sentByQos: Counter.Internal[];
  private readonly receivedBytes: Counter;
  private readonly sentBytes: Counter;
  private readonly denials: Counter<'action'>;
  private readonly limitViolations: Counter<'limit'>;

  constructor(connectedClients: () => number) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'mjl_broker_clients_connected',
      help: 'MQTT clients connected now',
      registers,
      collect() {
        this.set(connectedClients());
      },
    });
    const received = new Counter({ name: 'mjl_broker_messages_received_total', help: 'PUBLISH packets accepted from clients, by QoS', labelNames: ['qos'], registers });
    const sent = new Counter({ name: 'mjl_broker_messages_sent_total', help: 'messages delivered to subscribers (retained included), by the QoS they were published with', labelNames: ['qos'], registers });
    this.receivedByQos = [0, 1, 2].map((qos) => received.labels(String(qos)));
    this.sentByQos = [0, 1, 2].map((qos) => sent.labels(String(qos)));
    this.receivedBytes = new Counter({ name: 'mjl_broker_payload_bytes_received_total', help: 'payload bytes of accepted PUBLISH packets', registers });
    this.sentBytes = new Counter({ name: 'mjl_broker_payload_bytes_sent_total', help: 'payload bytes delivered to subscribers', registers });
    this.denials = new Counter({ name: 'mjl_broker_auth_denials_total', help: 'refused logins, publishes and subscriptions', labelNames: ['action'], registers });
    this.limitViolations = new Counter({
      name: 'mjl_broker_limit_violations_total',
      help: 'packets over a limit (payload, topic_length, topic_levels, frame); the client was disconnected or its subscription refused',
      labelNames: ['limit'],
      registers,
    });
  }

  received(qos: number, payloadBytes: number): void {
    this.receivedByQos[qos]?.inc();
    this.receivedBytes.inc(payloadBytes);
  }

  sent(qos: number, payloadBytes: number): void {
    this.sentByQos[qos]?.inc();
    this.sentBytes.inc(payloadBytes);
  }

  denied(action: DenialAction): void {
    this.denials.inc({ action });
  }

  overLimit(limit: LimitKind): void {
    this.limitViolations.inc({ limit });
  }
}
