import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readAppSettings } from '../../src/app/settings.js';
import { InputError } from '../../src/errors.js';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
const BASE = { APP_ID: '42', WEBHOOK_SECRET: 's3cret', PRIVATE_KEY: PEM };

describe('the App’s environment (npm start)', () => {
  it('reads the documented variables with their defaults', () => {
    expect(readAppSettings(BASE)).toMatchObject({
      appId: 42,
      privateKey: PEM,
      webhookSecret: 's3cret',
      port: 3000,
      baseUrl: 'https://api.github.com',
      logLevel: 'info',
      concurrency: 4,
      drainMs: 25_000,
      writeSpacingMs: 1000,
    });
  });

  it('takes the key base64-encoded or from PRIVATE_KEY_PATH, and GitHub Enterprise Server from GHE_HOST', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'app-settings-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(path.join(dir, 'app.pem'), PEM);
    const fromBase64 = readAppSettings({ ...BASE, PRIVATE_KEY: Buffer.from(PEM).toString('base64') });
    const fromPath = readAppSettings({ ...BASE, PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: path.join(dir, 'app.pem') });
    expect([fromBase64.privateKey, fromPath.privateKey]).toEqual([PEM, PEM]);
    expect(readAppSettings({ ...BASE, GHE_HOST: 'github.acme.corp' }).baseUrl).toBe('https://github.acme.corp/api/v3');
    expect(readAppSettings({ ...BASE, PORT: '8080', LOG_LEVEL: 'DEBUG', ML_GUARDRAILS_CONCURRENCY: '2' })).toMatchObject({
      port: 8080,
      logLevel: 'debug',
      concurrency: 2,
    });
  });

  it('says what is missing or wrong, and where to find it', () => {
    expect(() => readAppSettings({ ...BASE, APP_ID: '' })).toThrow(/APP_ID is not set: give it the App ID shown on the App settings page/);
    expect(() => readAppSettings({ ...BASE, WEBHOOK_SECRET: undefined })).toThrow(InputError);
    expect(() => readAppSettings({ ...BASE, PRIVATE_KEY: undefined })).toThrow(/neither PRIVATE_KEY nor PRIVATE_KEY_PATH/);
    expect(() => readAppSettings({ ...BASE, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL "loud" is not one of/);
    expect(() => readAppSettings({ ...BASE, ML_GUARDRAILS_CONCURRENCY: '0' })).toThrow(/ML_GUARDRAILS_CONCURRENCY must be an integer ≥ 1/);
  });
});
