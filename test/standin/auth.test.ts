import { generateKeyPairSync } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { signAppJwt } from '../../standin/jwt.js';
import { OWNER, REPO, useStandin } from './fixture.js';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function get(url: string, auth?: string): Promise<{ status: number; body: { message?: string } }> {
  const res = await fetch(url, { headers: auth ? { authorization: auth } : {} });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

describe('stand-in authentication', () => {
  const standin = useStandin(() => ({
    repos: [
      { owner: OWNER, name: REPO, files: { 'README.md': 'x\n' } },
      { owner: OWNER, name: 'other', files: { 'README.md': 'y\n' } },
      { owner: OWNER, name: 'public-repo', private: false, files: { 'README.md': 'z\n' } },
    ],
  }));

  it('refuses a JWT signed with another key', async () => {
    const gh = standin();
    const forgedKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const res = await get(`${gh.apiUrl}/app`, `Bearer ${signAppJwt(forgedKey, gh.appId)}`);
    expect(res).toEqual({ status: 401, body: expect.objectContaining({ message: 'A JSON web token could not be decoded' }) });
  });

  it('refuses an expired JWT and one that lives longer than 10 minutes', async () => {
    const gh = standin();
    const now = Math.floor(Date.now() / 1000);
    const expired = await get(`${gh.apiUrl}/app`, `Bearer ${gh.createAppJwt({ iat: now - 700, exp: now - 100 })}`);
    expect(expired.status).toBe(401);
    expect(expired.body.message).toMatch(/^'Expiration time' claim \('exp'\) must be a numeric value/);
    const tooLong = await get(`${gh.apiUrl}/app`, `Bearer ${gh.createAppJwt({ iat: now, exp: now + 3600 })}`);
    expect(tooLong).toMatchObject({ status: 401, body: { message: "'Expiration time' claim ('exp') is too far in the future" } });
    const wrongIssuer = await get(`${gh.apiUrl}/app`, `Bearer ${gh.createAppJwt({ iss: gh.appId + 1 })}`);
    expect(wrongIssuer.status).toBe(401);
    const notAJwt = await get(`${gh.apiUrl}/app`, `token ${gh.createInstallationToken()}`);
    expect(notAJwt.status).toBe(401);
  });

  it('accepts a valid JWT and issues a working installation token', async () => {
    const gh = standin();
    const app = new Octokit({ auth: gh.createAppJwt(), baseUrl: gh.apiUrl, log: quiet });
    expect((await app.apps.getAuthenticated()).data).toMatchObject({ id: gh.appId, slug: 'ml-guardrails' });
    const installation = (await app.apps.getRepoInstallation({ owner: OWNER, repo: REPO })).data;
    expect(installation.id).toBe(gh.installationId);
    const issued = await app.apps.createInstallationAccessToken({
      installation_id: installation.id,
      repositories: [REPO],
      permissions: { checks: 'write', metadata: 'read' },
    });
    expect(issued.status).toBe(201);
    expect(issued.data.token).toMatch(/^ghs_[A-Za-z0-9]{36}$/);
    const asInstallation = new Octokit({ auth: issued.data.token, baseUrl: gh.apiUrl, log: quiet });
    expect((await asInstallation.repos.get({ owner: OWNER, repo: REPO })).status).toBe(200);
    // Scoped to one repository: the other private one does not exist for this token.
    await expect(asInstallation.repos.get({ owner: OWNER, repo: 'other' })).rejects.toMatchObject({ status: 404 });
    // A JWT is not an installation token.
    await expect(app.repos.get({ owner: OWNER, repo: REPO })).rejects.toMatchObject({ status: 403 });
  });

  it('enforces the permissions of installation tokens', async () => {
    const gh = standin();
    const readOnly = new Octokit({
      auth: gh.createInstallationToken({ permissions: { checks: 'read', contents: 'read' } }),
      baseUrl: gh.apiUrl,
      log: quiet,
    });
    const sha = await gh.commitFiles({ repo: REPO, branch: 'main', files: { 'b.txt': 'b\n' } });
    await expect(readOnly.checks.create({ owner: OWNER, repo: REPO, name: 'x', head_sha: sha })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
    expect(gh.state.checkRuns).toHaveLength(0);
    // Out-of-scope public repositories stay readable but not writable.
    const scoped = new Octokit({ auth: gh.createInstallationToken({ repositories: [REPO] }), baseUrl: gh.apiUrl, log: quiet });
    expect((await scoped.repos.get({ owner: OWNER, repo: 'public-repo' })).status).toBe(200);
    await expect(scoped.repos.createCommitStatus({ owner: OWNER, repo: 'public-repo', sha, state: 'success' })).rejects.toMatchObject({
      status: 403,
    });
  });

  it('refuses unknown tokens with Bad credentials and hides private repositories from anonymous callers', async () => {
    const gh = standin();
    expect(await get(`${gh.apiUrl}/repos/${OWNER}/${REPO}`, 'token ghs_notissuedbythisstandin000000000000000')).toMatchObject({
      status: 401,
      body: { message: 'Bad credentials' },
    });
    expect((await get(`${gh.apiUrl}/repos/${OWNER}/${REPO}`)).status).toBe(404);
    expect((await get(`${gh.apiUrl}/repos/${OWNER}/public-repo`)).status).toBe(200);
    const expired = gh.createInstallationToken({ expiresIn: -1 });
    expect((await get(`${gh.apiUrl}/repos/${OWNER}/${REPO}`, `token ${expired}`)).status).toBe(401);
  });

  it('issues workflow tokens scoped to one repository, and read-only ones for forks', async () => {
    const gh = standin();
    const sha = await gh.commitFiles({ repo: REPO, branch: 'main', files: { 'c.txt': 'c\n' } });
    const workflow = new Octokit({
      auth: gh.createWorkflowToken({ repo: REPO, permissions: { checks: 'write', contents: 'read' } }),
      baseUrl: gh.apiUrl,
      log: quiet,
    });
    await workflow.checks.create({ owner: OWNER, repo: REPO, name: 'guardrails', head_sha: sha });
    await expect(workflow.repos.get({ owner: OWNER, repo: 'other' })).rejects.toMatchObject({ status: 404 });
    const fork = new Octokit({ auth: gh.createWorkflowToken({ repo: REPO, readOnly: true }), baseUrl: gh.apiUrl, log: quiet });
    expect((await fork.checks.listForRef({ owner: OWNER, repo: REPO, ref: sha })).data.total_count).toBe(1);
    await expect(fork.checks.create({ owner: OWNER, repo: REPO, name: 'x', head_sha: sha })).rejects.toMatchObject({ status: 403 });
    const res = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}`, {
      headers: { authorization: `token ${gh.createWorkflowToken({ repo: REPO })}` },
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(gh.state.checkRuns[0]?.name).toBe('guardrails');
  });
});
