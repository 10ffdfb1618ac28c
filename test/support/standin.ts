// The stand-in as the suite starts it: with the run's RSA key instead of a new one each time.
import { generateKeyPairSync } from 'node:crypto';
import { type Standin, type StartStandinOptions, startStandin } from '../../standin/index.js';
import { makeOncePerRun } from './fixture-cache.js';

/**
 * The App's private key for every stand-in of a run. Generating a 2048-bit key costs about
 * 50 ms of CPU, and a run starts over a hundred stand-ins; each still has its own app id,
 * webhook secret and tokens. (standin/readme-example.test.ts starts one that makes its own.)
 */
export function suiteAppKey(): string {
  return makeOncePerRun('standin-app-key', () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  );
}

/** startStandin with the run's key unless `options` brings one. */
export function startTestStandin(options: StartStandinOptions = {}): Promise<Standin> {
  return startStandin({ privateKey: suiteAppKey(), ...options });
}
