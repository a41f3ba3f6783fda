export { createLogger, LOG_LEVELS, type Logger } from './logger.js';
export { ConfigError, loadConfig, parsedText, textList, type ConfigSources } from './config.js';
export { nowUs, stopOnSignals } from './lifecycle.js';
export { SOFTWARE_VERSION } from './version.js';
export { startHealthServer, type HealthReport, type HealthServerOptions, type MetricsSource, type RunningHealthServer } from './health.js';
