import type { Octokit } from '@octokit/rest';

/**
 * What the publishing functions use of a client: the REST methods and pagination. Each door
 * passes its own: the Action @actions/github's (src/action/github-client.ts), the App Probot's.
 * Both carry the policy of ./api-policy.ts.
 */
export type GitHubClient = Pick<Octokit, 'rest' | 'paginate'>;
