import {
  type AppConfig,
  ConfigError,
  type DatabaseConfig,
  parseConfig,
  parseDatabaseConfig,
} from './config.ts';

// Entry points call these once; they are the only readers of process.env in the code base.

export function readProcessEnv(): Record<string, string | undefined> {
  return { ...process.env };
}

export function loadConfigOrExit(overrides: Record<string, string | undefined> = {}): AppConfig {
  try {
    return parseConfig({ ...process.env, ...overrides });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
}

export function loadDatabaseConfig(): DatabaseConfig {
  return parseDatabaseConfig({ ...process.env });
}
