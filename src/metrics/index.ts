export { registerMetrics, startMetricsServer } from './metrics.routes.ts';
export { type Metrics, metrics } from './metrics.ts';
