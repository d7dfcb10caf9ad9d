import { describe, expect, it } from 'vitest';
import { normalizeForSearch, SearchIndex, type SearchDoc } from '../../../main/vault/search-index';

const docs: SearchDoc[] = [
  { id: 'github', name: 'GitHub', hosts: ['github.com'], username: 'alice', tags: ['dev'] },
  { id: 'gitlab', name: 'GitLab', hosts: ['gitlab.com'], username: 'bob', tags: ['dev', 'ops'] },
  { id: 'digital', name: 'Digital Ocean', hosts: ['cloud.digitalocean.com'], username: 'ops@example.org', tags: [] },
  { id: 'mailgit', name: 'Mail', hosts: ['mail.example.org'], username: 'git-bot', tags: [] },
  { id: 'zoe', name: 'Zoë’s Café', hosts: [], username: 'zoe', tags: ['food'] },
  { id: 'linkedin', name: 'LinkedIn', hosts: ['linkedin.com'], username: 'carol', tags: ['social'] },
];

function index(): SearchIndex {
  const idx = new SearchIndex();
  for (const doc of docs) idx.set(doc);
  return idx;
}

const ids = (query: string): string[] => index().search(query).map((h) => h.id);

describe('search index', () => {
  it.each([
    ['name prefix before word prefix before substring', 'git', ['github', 'gitlab', 'mailgit', 'digital']],
    ['host matches', 'cloud', ['digital']],
    ['subsequence ("gthb" → GitHub)', 'gthb', ['github']],
    ['diacritics and case are ignored', 'ZOES CAFE', ['zoe']],
    ['every token must match', 'git ops', ['gitlab', 'digital']],
    ['tags', 'social', ['linkedin']],
    ['nothing for no match', 'qqqq', []],
    ['nothing for a blank query', '   ', []],
  ])('%s', (_label, query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('ranks a name prefix above a username prefix above a tag', () => {
    const idx = new SearchIndex();
    idx.set({ id: 'tag', name: 'X', hosts: [], username: '', tags: ['ops'] });
    idx.set({ id: 'user', name: 'Y', hosts: [], username: 'ops', tags: [] });
    idx.set({ id: 'name', name: 'Ops portal', hosts: [], username: '', tags: [] });
    expect(idx.search('ops').map((h) => h.id)).toEqual(['name', 'user', 'tag']);
  });

  it('follows set and remove, and honours the limit', () => {
    const idx = index();
    idx.remove('github');
    idx.set({ id: 'gitea', name: 'Gitea', hosts: [], username: '', tags: [] });
    expect(idx.search('git').map((h) => h.id)).toContain('gitea');
    expect(idx.search('git').map((h) => h.id)).not.toContain('github');
    expect(idx.search('git', 2)).toHaveLength(2);
  });

  it('matches a single letter only at the start of a field', () => {
    expect(ids('l')).toEqual(['linkedin']);
    expect(ids('g').sort()).toEqual(['github', 'gitlab', 'mailgit'].sort());
  });

  it('narrows later tokens to the items the first ones matched', () => {
    const idx = new SearchIndex();
    for (let i = 0; i < 200; i++) idx.set({ id: `n${i}`, name: `Noise ${i}`, hosts: [], username: '', tags: ['common'] });
    idx.set({ id: 'target', name: 'Rare Portal', hosts: [], username: '', tags: ['common'] });
    expect(idx.search('rare common').map((h) => h.id)).toEqual(['target']);
    expect(idx.search('common rprtl').map((h) => h.id)).toEqual(['target']);
  });

  it('treats regex characters in queries literally', () => {
    const idx = new SearchIndex();
    idx.set({ id: 'a', name: 'a.b*c[d]', hosts: [], username: '', tags: [] });
    idx.set({ id: 'b', name: 'axbxxc', hosts: [], username: '', tags: [] });
    expect(idx.search('.b*').map((h) => h.id)).toEqual(['a']);
    expect(idx.search('[d]').map((h) => h.id)).toEqual(['a']);
  });

  it('normalizes documents and queries the same way', () => {
    expect(normalizeForSearch('Ångström\nX')).toBe('angstrom x');
  });
});
