import { describe, expect, it } from 'vitest';
import { acceptanceKey, acceptanceMarker, parseSignedMarker } from '../../src/github/acceptance.js';

const key = acceptanceKey('webhook-secret');
const scope = { repo: { owner: 'acme', repo: 'models' }, prNumber: 7 };
const acceptance = { sha: 'a'.repeat(40), rule: 'model-quality', by: 'rita-reviewer', reason: 'fine --> really <!-- ok' };

describe('signed acceptance markers', () => {
  it('reads back what it signed, from the first line only, even with `-->` in the reason', () => {
    const marker = acceptanceMarker(key, scope, acceptance);
    expect(marker.split('-->')).toHaveLength(2);
    expect(parseSignedMarker(`${marker}\n@rita-reviewer accepted`, key, scope)).toEqual(acceptance);
    expect(parseSignedMarker(`@rita-reviewer said\n${marker}`, key, scope)).toBeUndefined();
  });

  it('refuses a marker signed with another key, for another pull request or with a changed field', () => {
    const marker = acceptanceMarker(key, scope, acceptance);
    expect(parseSignedMarker(marker, acceptanceKey('other'), scope)).toBeUndefined();
    expect(parseSignedMarker(marker, key, { ...scope, prNumber: 8 })).toBeUndefined();
    expect(parseSignedMarker(marker, key, { ...scope, repo: { owner: 'acme', repo: 'other' } })).toBeUndefined();
    expect(parseSignedMarker(marker.replace('rita-reviewer', 'otto-outsider'), key, scope)).toBeUndefined();
    expect(parseSignedMarker(marker.replace(/sig:[0-9a-f]+/, `sig:${'0'.repeat(64)}`), key, scope)).toBeUndefined();
  });
});
