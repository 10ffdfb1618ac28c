/**
 * Octokit errors carry the request (with its Authorization header) and the response: only the
 * status and GitHub's message may leave this module, and any token-shaped text is masked, so
 * that nothing printed to a log, a comment or a check run can hold a credential.
 */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** What was being done, e.g. "create the check run". */
    readonly action: string,
  ) {
    super(`could not ${action}: GitHub answered ${status === 0 ? 'nothing (connection failed)' : status}: ${message}`);
    this.name = 'GitHubApiError';
  }

  /** A token without the permission, or a fork's read-only GITHUB_TOKEN. */
  get isForbidden(): boolean {
    return this.status === 403 && /not accessible by integration|must have (?:admin|write|push)|permission/i.test(this.message);
  }
}

const TOKEN_PATTERNS = [
  /\bgh[pousr]_[A-Za-z0-9_]{16,}\b/g, // GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_)
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\bv1\.[0-9a-f]{40}\b/g, // old-style installation tokens
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, // JWTs
  /(\/\/[^/\s:@]+:)[^@\s/]+@/g, // credentials in URLs (x-access-token:TOKEN@host)
];

/** Masks anything that looks like a credential. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS)
    out = out.replace(pattern, (match, prefix?: string) => (typeof prefix === 'string' && match.endsWith('@') ? `${prefix}***@` : '***'));
  return out;
}

/** Turns whatever an Octokit call threw into a GitHubApiError built from status + message only. */
export function toApiError(thrown: unknown, action: string): GitHubApiError {
  if (thrown instanceof GitHubApiError) return thrown;
  const error = thrown as { status?: unknown; request?: unknown; response?: unknown } | null;
  // Octokit reports a failed connection (refused, dropped, timed out) as a 500 without a response.
  const answered = error?.response !== undefined || error?.request === undefined;
  const status = answered && typeof error?.status === 'number' ? error.status : 0;
  const raw = thrown instanceof Error ? thrown.message : typeof thrown === 'string' ? thrown : 'unknown error';
  // RequestError's message is GitHub's `message` (plus " - documentation_url"); keep the first line.
  const message =
    redactSecrets(
      raw
        .split('\n')[0]!
        .replace(/ - https:\/\/docs\.github\.com\S*$/, '')
        .trim(),
    ) || 'no message';
  return new GitHubApiError(status >= 100 ? status : 0, message, action);
}

/** Runs one API call, converting any failure into a sanitized GitHubApiError. */
export async function callApi<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toApiError(error, action);
  }
}
