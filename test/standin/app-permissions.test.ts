import { readFileSync } from 'node:fs';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { appManifestPermissions, parseManifestPermissions } from '../../standin/app-permissions.js';
import { OWNER, REPO, useStandin } from './fixture.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe("the App's permissions come from app.yml", () => {
  const standin = useStandin();

  it('the installation holds exactly what app.yml declares, and its tokens are refused the rest', async () => {
    const gh = standin();
    const declared = parseManifestPermissions(readFileSync(new URL('../../app.yml', import.meta.url), 'utf8'));
    const app = new Octokit({ auth: gh.createAppJwt(), baseUrl: gh.apiUrl, log: quiet });
    const installation = (await app.apps.getRepoInstallation({ owner: OWNER, repo: REPO })).data;
    expect(installation.permissions).toEqual(declared);
    // A token may not ask for more than the installation holds.
    await expect(
      app.apps.createInstallationAccessToken({ installation_id: installation.id, permissions: { administration: 'write' } }),
    ).rejects.toMatchObject({ status: 422 });

    const asApp = new Octokit({ auth: gh.createInstallationToken(), baseUrl: gh.apiUrl, log: quiet });
    await expect(asApp.repos.createDispatchEvent({ owner: OWNER, repo: REPO, event_type: 'ship' })).resolves.toMatchObject({ status: 204 });
  });

  it('an operator who lowered contents to read is refused repository_dispatch (403), as GitHub refuses it', async () => {
    const gh = standin();
    const trimmed = new Octokit({
      auth: gh.createInstallationToken({ permissions: { ...appManifestPermissions(), contents: 'read' } }),
      baseUrl: gh.apiUrl,
      log: quiet,
    });
    await expect(trimmed.repos.createDispatchEvent({ owner: OWNER, repo: REPO, event_type: 'ship' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect(gh.state.dispatches).toEqual([]);
  });

  it('reads default_permissions strictly: a level that is not read or write names the entry', () => {
    expect(parseManifestPermissions('default_permissions:\n  checks: write\n  metadata: read\n')).toEqual({
      checks: 'write',
      metadata: 'read',
    });
    expect(() => parseManifestPermissions('default_permissions:\n  checks: admin\n')).toThrow(
      'app.yml: default_permissions.checks is "admin"; expected read or write',
    );
    expect(() => parseManifestPermissions('name: x\n')).toThrow('default_permissions must be a mapping');
  });
});
