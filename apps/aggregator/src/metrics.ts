import { Gauge, Registry } from 'prom-client';
import type { QuorumStats } from '@mjl/quorum';
import type { AggregatorCounters } from './aggregator.js';

/** What an aggregator counts, served on /metrics (--health-port). */
export function aggregatorRegistry(read: () => { counters: AggregatorCounters; quorum: QuorumStats; devicesWithSequenceGaps: number }): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, value: (state: ReturnType<typeof read>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(value(read()));
      },
    });
  // Counters that live in the service and engine, exposed as gauges read at scrape time.
  gauge('mjl_aggregator_messages_total', 'Messages received', (s) => s.counters.messages);
  gauge('mjl_aggregator_decode_errors_total', 'Malformed messages counted and dropped', (s) => s.counters.decodeErrors);
  gauge('mjl_aggregator_results_accepted_total', 'Results counted in a window (each device, session and sequence number once)', (s) => s.quorum.accepted);
  gauge('mjl_aggregator_results_duplicate_total', 'Results received again (QoS 1 redeliveries, replays)', (s) => s.quorum.duplicates);
  gauge('mjl_aggregator_results_late_total', 'Results that came after their window was decided', (s) => s.quorum.late);
  gauge('mjl_aggregator_windows_open', 'Windows waiting for votes or the watermark', (s) => s.quorum.windowsOpen);
  gauge(
    'mjl_aggregator_devices_with_sequence_gaps',
    'Devices with results known to be missing (a later one of the same session came first): queued somewhere, or lost',
    (s) => s.devicesWithSequenceGaps,
  );
  gauge('mjl_aggregator_decisions_total', 'Decisions published by this instance', (s) => s.counters.decisions);
  gauge('mjl_aggregator_decisions_republished_total', 'Decisions published again after a restart (never reached the broker)', (s) => s.counters.republished);
  return registry;
}
