import { metrics } from '../src/metrics/metrics.ts';

/** How many calls to another system this process has counted so far (`deskgate_outbound_calls_total`). */
export async function outboundCalls(system: string, outcome: string): Promise<number> {
  const counter = await metrics.registry.getSingleMetric('deskgate_outbound_calls_total')?.get();
  const value = counter?.values.find((v) => v.labels.system === system && v.labels.outcome === outcome);
  return value?.value ?? 0;
}
