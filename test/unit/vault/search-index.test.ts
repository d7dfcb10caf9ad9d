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

describe('search index over a word dictionary', () => {
  it('scores tokens that span word boundaries by where they start', () => {
    const idx = new SearchIndex();
    idx.set({ id: 'user', name: 'Portal', hosts: ['portal.example.com'], username: 'alice.smith@team.example', tags: [] });
    idx.set({ id: 'host', name: 'Other', hosts: ['alice.example.org'], username: 'bob', tags: [] });
    idx.set({ id: 'inner', name: 'Malice.Corp', hosts: [], username: '', tags: [] });
    // host field start (430) > username field start (420) > a word inside the name (340).
    expect(idx.search('alice.')).toEqual([
      { id: 'host', score: 430 },
      { id: 'user', score: 420 },
      { id: 'inner', score: 240 },
    ]);
    // Inside a host word in both (230); the tie goes to the shorter name.
    expect(idx.search('.example')).toEqual([
      { id: 'host', score: 230 },
      { id: 'user', score: 230 },
    ]);
    expect(idx.search('team.example').map((h) => h.id)).toEqual(['user']);
  });

  it('finds a token inside a word as a substring, below word starts', () => {
    const idx = new SearchIndex();
    idx.set({ id: 'inside', name: 'Dynamic Cloud', hosts: [], username: '', tags: [] });
    idx.set({ id: 'start', name: 'Namic Labs', hosts: [], username: '', tags: [] });
    expect(idx.search('namic')).toEqual([
      { id: 'start', score: 440 },
      { id: 'inside', score: 240 },
    ]);
  });

  it('takes the leftmost subsequence from a word start, staying inside one field', () => {
    const idx = new SearchIndex();
    // "gh" + "b" would only complete across the field separator: no match there.
    idx.set({ id: 'split', name: 'Gh', hosts: ['b.example'], username: '', tags: [] });
    idx.set({ id: 'name', name: 'Go Home Base', hosts: [], username: '', tags: [] });
    idx.set({ id: 'host', name: 'X', hosts: ['ghbase.io'], username: '', tags: [] });
    // A contiguous "ghb" in the host (a prefix: 430); in the name only as a subsequence with gaps.
    expect(idx.search('ghb')).toEqual([
      { id: 'host', score: 430 },
      { id: 'name', score: 140 - 6 },
    ]);
  });

  it('matches what a brute-force scan finds on random accounts and queries', () => {
    const rng = lcg(11);
    const syllables = ['ab', 'ca', 'de', 'fo', 'gi', 'hu', 'ke', 'lo', 'mi', 'no', 'é'];
    const word = (): string => Array.from({ length: 1 + rng(3) }, () => syllables[rng(syllables.length)]!).join('');
    const docs: SearchDoc[] = Array.from({ length: 400 }, (_, i) => ({
      id: `d${i}`,
      name: `${word()} ${word()}${rng(2) ? ` ${rng(100)}` : ''}`,
      hosts: Array.from({ length: rng(3) }, () => `${word()}.${word()}.com`),
      username: rng(3) ? `${word()}.${rng(50)}@${word()}.org` : '',
      tags: Array.from({ length: rng(3) }, () => word()),
    }));
    const idx = new SearchIndex();
    for (const doc of docs) idx.set(doc);
    const texts = docs.flatMap((d) => [d.name, d.hosts.join(' '), d.username, d.tags.join(' ')]).filter((t) => t !== '');
    for (let q = 0; q < 400; q++) {
      const text = texts[rng(texts.length)]!;
      const at = rng(text.length);
      const piece = text.slice(at, at + 1 + rng(7));
      const query = [piece, piece.replace(/[aeiou]/g, ''), `${piece} ${word().slice(0, 2)}`, `${word()} ${piece}`][rng(4)]!;
      for (const limit of [50, 3]) expect(idx.search(query, limit), `${query} (top ${limit})`).toEqual(bruteForce(docs, query, limit));
      const reversed = query.split(/\s+/).reverse().join(' ');
      expect(idx.search(reversed), `${reversed} (tokens reversed)`).toEqual(idx.search(query));
      if (q % 10 === 0) {
        // The first search of a new index checks each item, without the word dictionary.
        const fresh = new SearchIndex();
        for (const doc of docs) fresh.set(doc);
        expect(fresh.search(query), `${query} (first search)`).toEqual(bruteForce(docs, query, 50));
      }
    }
  });
});

function lcg(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n;
  };
}

/**
 * The ranking rules read plainly, one item at a time: the oracle for the index. Each token
 * is scored on its own over every item (subsequences only for a token fewer than `limit`
 * items contain), and an item must match every token: the order of the tokens never matters.
 */
function bruteForce(docs: SearchDoc[], query: string, limit: number): { id: string; score: number }[] {
  const boundary = ' .-_@/:+';
  const fields = docs.map((d) => [d.name, d.hosts.join(' '), d.username, d.tags.join(' ')].map(normalizeForSearch));
  const substring = (f: string[], token: string): number => {
    let best = 0;
    f.forEach((field, k) => {
      for (let at = field.indexOf(token); at !== -1; at = field.indexOf(token, at + 1)) {
        const tier = at === 0 ? 400 : boundary.includes(field[at - 1]!) ? 300 : 200;
        best = Math.max(best, tier + [40, 30, 20, 10][k]!);
      }
    });
    return best;
  };
  const subsequence = (f: string[], token: string): number => {
    for (let k = 0; k < 4; k++) {
      const field = f[k]!;
      for (let start = 0; start < field.length; start++) {
        if (field[start] !== token[0] || (start > 0 && !boundary.includes(field[start - 1]!))) continue;
        let at = start;
        let ok = true;
        for (const c of token.slice(1)) {
          at = field.indexOf(c, at + 1);
          if (at === -1) ok = false;
          if (!ok) break;
        }
        if (ok) return 100 + [40, 30, 20, 10][k]! - Math.min(at - start + 1 - token.length, 50);
      }
    }
    return 0;
  };
  const tokens = normalizeForSearch(query).split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return [];
  let running: number[] | null = null;
  const totals = new Map<number, number>();
  for (const token of tokens) {
    const scope = docs.map((_, i) => i);
    const scores = new Map<number, number>();
    for (const i of scope) {
      const score = token.length === 1 ? fields[i]!.findIndex((f) => f.startsWith(token)) : -2;
      if (token.length === 1) {
        if (score >= 0) scores.set(i, 400 + [40, 30, 20, 10][score]!);
      } else {
        const s = substring(fields[i]!, token);
        if (s > 0) scores.set(i, s);
      }
    }
    if (token.length > 1 && scores.size < limit) {
      for (const i of scope) {
        if (scores.has(i)) continue;
        const s = subsequence(fields[i]!, token);
        if (s > 0) scores.set(i, s);
      }
    }
    const next: number[] = (running ?? docs.map((_, i) => i)).filter((i) => scores.has(i));
    for (const i of next) totals.set(i, (totals.get(i) ?? 0) + scores.get(i)!);
    running = next;
  }
  const nameLength = (i: number): number => normalizeForSearch(docs[i]!.name).length;
  return running!
    .map((i) => ({ i, rank: totals.get(i)! - nameLength(i) / 100_000 }))
    .sort((a, b) => b.rank - a.rank || a.i - b.i)
    .slice(0, limit)
    .map(({ i }) => ({ id: docs[i]!.id, score: totals.get(i)! }));
}
