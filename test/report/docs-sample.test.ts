import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCS_PAGE, normalizeSample, readDocsSample } from './docs-sample.js';
import { renderSamplePullRequest } from './sample-comments.js';

describe('docs/reading-the-report.md', () => {
  it('shows the comment the code renders for the sample pull request', async () => {
    const { markdown } = await renderSamplePullRequest();
    const shown = readDocsSample(readFileSync(DOCS_PAGE, 'utf8'));
    expect(shown, 'the sample markers or the ````markdown fence are missing').not.toBeNull();
    // Regenerate: bash scripts/with-node24.sh node --import tsx scripts/render-action-comment.ts --docs
    expect(normalizeSample(shown!), 'the docs show an outdated comment').toBe(normalizeSample(markdown));
  });
});
