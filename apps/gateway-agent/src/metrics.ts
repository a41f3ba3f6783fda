import { Counter, Gauge, Registry } from 'prom-client';

/** What a gateway counts, served on /metrics (--health-port). */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly results = new Counter({ name: 'mjl_gateway_results_total', help: 'Results produced by the devices of this gateway', registers: [this.registry] });
  readonly batches = new Counter({ name: 'mjl_gateway_result_batches_total', help: 'Result batches handed to the outbox', registers: [this.registry] });
  readonly published = new Counter({ name: 'mjl_gateway_result_batches_acknowledged_total', help: 'Result batches the broker acknowledged', registers: [this.registry] });
  readonly malformedCommands = new Counter({ name: 'mjl_gateway_malformed_commands_total', help: 'Commands that could not be decoded', registers: [this.registry] });
  readonly outboxMessages = new Gauge({ name: 'mjl_gateway_outbox_messages', help: 'Result batches waiting to be sent (memory and disk)', labelNames: ['where'], registers: [this.registry] });
  readonly outboxDropped = new Gauge({ name: 'mjl_gateway_outbox_dropped_total', help: 'Result batches dropped because the buffer was full, since start', registers: [this.registry] });
  readonly devicesOnline = new Gauge({ name: 'mjl_gateway_devices_online', help: 'Devices online on this gateway', registers: [this.registry] });
  readonly connected = new Gauge({ name: 'mjl_gateway_broker_connected', help: '1 while connected to the broker', registers: [this.registry] });
}
