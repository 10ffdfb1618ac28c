import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { OWNER, REPO, useStandin } from './fixture.js';

describe('stand-in pagination', () => {
  const standin = useStandin();

  it('pages issue comments through Link headers that Octokit paginate() follows', async () => {
    const gh = standin();
    await gh.commitFiles({ repo: REPO, branch: 'feature', files: { 'x.txt': 'x\n' } });
    const pr = gh.addPullRequest({ repo: REPO, head: 'feature' });
    const octokit = new Octokit({ auth: gh.createInstallationToken(), baseUrl: gh.apiUrl });
    for (let i = 0; i < 45; i += 1)
      await octokit.issues.createComment({ owner: OWNER, repo: REPO, issue_number: pr.number, body: `comment ${i}` });

    const first = await fetch(`${gh.apiUrl}/repos/${OWNER}/${REPO}/issues/${pr.number}/comments?per_page=20&page=2`, {
      headers: { authorization: `token ${gh.createInstallationToken()}` },
    });
    expect(((await first.json()) as unknown[]).length).toBe(20);
    const link = first.headers.get('link') ?? '';
    expect(link).toContain('page=3>; rel="next"');
    expect(link).toContain('page=1>; rel="prev"');
    expect(link).toContain('page=3>; rel="last"');

    const before = gh.log.length;
    const all = await octokit.paginate(octokit.issues.listComments, { owner: OWNER, repo: REPO, issue_number: pr.number, per_page: 20 });
    expect(all.map((c) => c.body)).toEqual(Array.from({ length: 45 }, (_, i) => `comment ${i}`));
    expect(gh.log.slice(before).map((e) => e.query)).toEqual(['?per_page=20', '?per_page=20&page=2', '?per_page=20&page=3']);
  });
});
