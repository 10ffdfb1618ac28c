import { parseExtendsAllow, type ReadSharedFile } from '../config/extends.js';
import { ConfigError } from '../errors.js';

/**
 * What rules the change wrote may extend: ML_GUARDRAILS_EXTENDS_ALLOW, plus the owner's `.github`
 * when GITHUB_REPOSITORY names the repository (as in CI). The operator's environment is trusted.
 */
export function extendsAllowFromEnv(env: Record<string, string | undefined>): string[] {
  const owner = env.GITHUB_REPOSITORY?.split('/')[0];
  const own = owner ? [`${owner}/.github`] : [];
  return [...own, ...parseExtendsAllow(env.ML_GUARDRAILS_EXTENDS_ALLOW, 'ML_GUARDRAILS_EXTENDS_ALLOW')];
}

/**
 * The CLI reads `extends:` shared rules with the contents API and a token from the environment
 * (GITHUB_TOKEN or GH_TOKEN, as the gh CLI does); without one, `extends:` says what to set.
 * Plain fetch: the CLI does not ship Octokit.
 */
export function sharedRulesFromEnv(env: Record<string, string | undefined>): ReadSharedFile | undefined {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) return undefined;
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  return async (owner, repo, path) => {
    const url = `${api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/contents/${path.split('/').map(encodeURIComponent).join('/')}`;
    const response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'user-agent': 'ml-guardrails-cli' },
      signal: AbortSignal.timeout(30_000),
    });
    if (response.status === 404) return null;
    if (response.status === 401 || response.status === 403) {
      throw new ConfigError(`extends: the token in GITHUB_TOKEN cannot read ${owner}/${repo} (GitHub answered ${response.status})`, {
        hint: `use a token that can read ${owner}/${repo}`,
      });
    }
    if (!response.ok) throw new ConfigError(`extends: GitHub answered ${response.status} for ${owner}/${repo}:${path}`);
    const body = (await response.json()) as { type?: string; content?: string; encoding?: string };
    if (body.type !== 'file' || typeof body.content !== 'string') return null;
    return Buffer.from(body.content, 'base64').toString('utf8');
  };
}
