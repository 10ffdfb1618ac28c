import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** README.md, CONTRIBUTING.md, SECURITY.md and every page under docs/, repository-relative. */
function listPages(): string[] {
  const pages = ['README.md', 'CONTRIBUTING.md', 'SECURITY.md'].filter((page) => existsSync(path.join(ROOT, page)));
  const docs = path.join(ROOT, 'docs');
  if (existsSync(docs)) {
    for (const entry of readdirSync(docs, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.md')) pages.push(path.relative(ROOT, path.join(entry.parentPath, entry.name)));
    }
  }
  return pages.map((page) => page.split(path.sep).join('/')).sort();
}

/** The text outside fenced code blocks, where a heading is a heading. */
function stripFences(markdown: string): string {
  return markdown.replace(/^(```+|~~~+)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, '');
}

/** The text outside fenced code blocks and inline code, where a link is a link. */
function stripCode(markdown: string): string {
  return stripFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** Relative link targets: `[text](target)` and `[label]: target`, without web or mail links. */
function listLinks(markdown: string): string[] {
  const text = stripCode(markdown);
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
  const references = [...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1] ?? '');
  return [...inline, ...references].filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function listAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of stripFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = (match[1] ?? '')
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(match[1] ?? '');
  return anchors;
}

/** Why a link from `page` is dead, or null when its file (and heading) exist. */
function checkLink(page: string, target: string): string | null {
  const [file = '', anchor] = target.split('#', 2);
  const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), decodeURIComponent(file)));
  if (resolved.startsWith('../')) return `${target} leaves the repository`;
  const absolute = path.join(ROOT, resolved);
  if (!existsSync(absolute)) return `${target}: ${resolved} does not exist`;
  if (anchor === undefined || anchor === '' || !resolved.endsWith('.md') || statSync(absolute).isDirectory()) return null;
  return listAnchors(readFileSync(absolute, 'utf8')).has(anchor.toLowerCase()) ? null : `${target}: ${resolved} has no heading #${anchor}`;
}

describe('documentation links', () => {
  const pages = listPages();

  it('finds the pages, and the index pages link onwards', () => {
    expect(pages).toEqual(
      expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/README.md', 'docs/rule-file.md', 'docs/action.md']),
    );
    for (const page of ['README.md', 'CONTRIBUTING.md', 'docs/README.md']) {
      expect(listLinks(readFileSync(path.join(ROOT, page), 'utf8')).length, page).toBeGreaterThan(3);
    }
  });

  it.each(pages)('no dead relative link or anchor in %s', (page) => {
    const dead = listLinks(readFileSync(path.join(ROOT, page), 'utf8'))
      .map((target) => checkLink(page, target))
      .filter((problem) => problem !== null);
    expect(dead).toEqual([]);
  });

  it('the checker sees a dead file, a dead anchor and a link in code as what they are', () => {
    expect(checkLink('README.md', 'docs/nope.md')).toBe('docs/nope.md: docs/nope.md does not exist');
    expect(checkLink('README.md', 'docs/rule-file.md#no-such-heading')).toBe(
      'docs/rule-file.md#no-such-heading: docs/rule-file.md has no heading #no-such-heading',
    );
    expect(checkLink('docs/cli.md', '../README.md#install')).toBeNull();
    expect(listLinks('see `[x](nowhere.md)` and\n```md\n[y](gone.md)\n```\n[z](here.md)')).toEqual(['here.md']);
    expect(listAnchors('## The `metrics` rule kind\n## Exit codes\n## Exit codes')).toEqual(
      new Set(['the-metrics-rule-kind', 'exit-codes', 'exit-codes-1']),
    );
  });

  it('the README stays short: install, two commands, a rule file and links (10 KB at most)', () => {
    expect(statSync(path.join(ROOT, 'README.md')).size).toBeLessThanOrEqual(10 * 1024);
  });
});
