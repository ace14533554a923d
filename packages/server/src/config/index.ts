export type { Config, DatabaseBackend, DatabaseConfig, VoteQuorum } from './config.js';
export { ConfigError } from './config-error.js';
export { buildConfig, type BuiltConfig, type ConfigInputs } from './build-config.js';
export { configToFileObject, formatConfigFile, maskedSecret } from './config-file.js';
export { resolveConfigPath, type ConfigPathChoice, type ConfigPathSource } from './config-path.js';
export { loadConfig, readConfigText, type LoadConfigOptions, type LoadedConfig } from './load-config.js';
export { requireKeypair } from './require-keypair.js';
export { configPathEnvVar, envVarName, settings, type Setting } from './settings.js';
export { Invalid } from './value-kinds.js';
