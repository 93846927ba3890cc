import { type AppConfig, parseConfig } from '@vpp/config/config';
import { hashPassword } from '@vpp/core/auth/password-hashing';
import { createLogger } from '@vpp/core/logging';
import type { Database } from '@vpp/db/database';
import { openTestDatabase } from '@vpp/db/test-database-for-file';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../src/app.ts';
import type { Route } from '../src/http/route-table.ts';
import { buildAppDeps } from '../src/server.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestApp {
  app: Express;
  routes: Route[];
  database: Database;
  config: AppConfig;
  close(): Promise<void>;
  /** Creates an account directly in the database (test data, not through the API). */
  createAccount(overrides?: { email?: string; role?: 'ADMIN' | 'MANAGER'; disabled?: boolean }): Promise<{
    id: string;
    email: string;
  }>;
  /** A supertest agent holding the session cookie of a freshly signed-in account of that role. */
  signedInAgent(role: 'admin' | 'manager'): Promise<ReturnType<typeof request.agent>>;
}

let accountCounter = 0;

export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await openTestDatabase(process.env.VPP_TEST_DATABASE_SERVER_URL);
  const config = parseConfig({
    DATABASE_URL: database.url,
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-123',
    TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
    MDM_EVENTS_SECRET: 'test-mdm-events-secret',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_15_MIN: '1000',
    ...overrides,
  });
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent', 'api-test');
  const { app, routes } = createApp(buildAppDeps(config, database, logger));
  const passwordHash = await hashPassword(TEST_PASSWORD);

  const createAccount: TestApp['createAccount'] = async (options = {}) => {
    accountCounter += 1;
    const row = await database.prisma.account.create({
      data: {
        email: options.email ?? `person${accountCounter}-${Date.now()}@example.test`,
        passwordHash,
        role: options.role ?? 'ADMIN',
        disabledAt: options.disabled ? new Date() : null,
      },
    });
    return { id: row.id, email: row.email };
  };

  return {
    app,
    routes,
    database,
    config,
    close: () => database.close(),
    createAccount,
    async signedInAgent(role) {
      const account = await createAccount({ role: role === 'admin' ? 'ADMIN' : 'MANAGER' });
      const agent = request.agent(app);
      const response = await agent
        .post('/api/auth/login')
        .send({ email: account.email, password: TEST_PASSWORD });
      if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${response.text}`);
      return agent;
    },
  };
}
