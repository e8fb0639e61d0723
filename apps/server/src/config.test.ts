import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has safe development defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      databaseUrl: null,
      dataDir: './.data',
      smtpUrl: null,
      publicAppUrl: 'http://localhost:5173',
      jwtSecret: null,
      corsOrigins: ['http://localhost:5173'],
      logFormat: 'pretty',
    });
    expect(config.rateLimits?.loginFailuresPerAccount).toEqual({ points: 5, seconds: 900 });
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SMTP_URL: 'http://mail',
        RATE_LIMIT_MAILS_PER_ADDRESS: 'many',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'RATE_LIMIT_MAILS_PER_ADDRESS'])
      expect(message).toContain(name);
  });

  it('requires a JWT secret in production, and a long one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).logFormat).toBe('json');
  });

  it('reads limits, CORS origins and switches', () => {
    const config = loadConfig({
      RATE_LIMIT_REGISTRATIONS_PER_IP: '2/60',
      CORS_ORIGINS: 'https://a.test, https://b.test',
      TRUST_PROXY: 'true',
    });
    expect(config.rateLimits?.registrationsPerIp).toEqual({ points: 2, seconds: 60 });
    expect(config.corsOrigins).toEqual(['https://a.test', 'https://b.test']);
    expect(config.trustProxy).toBe(true);
    expect(loadConfig({ RATE_LIMITS: 'off' }).rateLimits).toBeNull();
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
});
