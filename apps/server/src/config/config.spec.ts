import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('needs no variable for the embedded default', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3002, HOST: '127.0.0.1', DATA_DIR: './.data', LOG_LEVEL: 'info' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.OPENROUTER_BASE_URL).toBe('https://openrouter.ai/api/v1');
  });

  it('names each bad variable', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain('PORT: must be a whole number');
      expect(message).toContain('DATABASE_URL: must start with postgres://');
      expect(message).toContain('LOG_LEVEL');
    }
  });

  it('requires AUTH_JWKS_URL and AUTH_ISSUER together', () => {
    expect(() => loadConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:1/jwks' })).toThrow(/AUTH_ISSUER/);
  });

  it('treats empty variables as unset and splits CORS_ORIGINS', () => {
    const config = loadConfig({ PORT: '', CORS_ORIGINS: 'http://a.test, http://b.test' });
    expect(config.PORT).toBe(3002);
    expect(config.CORS_ORIGINS).toEqual(['http://a.test', 'http://b.test']);
  });

  const built = path.resolve(__dirname, '../../dist/main.js');
  it.skipIf(!existsSync(built))('stops the built server at start-up with a message naming the variable', () => {
    const run = spawnSync(process.execPath, [built], {
      env: { ...process.env, PORT: 'not-a-port', DATA_DIR: '/tmp/mana-never-used' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('PORT: must be a whole number');
  });
});
