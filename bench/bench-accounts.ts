// The deterministic 10k-account fixture of the UI and dashboard benches (ui-list.bench.ts,
// dashboard-scoring.bench.ts), so their runs compare.
import type { AccountInput } from '../main/vault';

/** Deterministic accounts, so runs compare. */
export function benchAccounts(count: number): AccountInput[] {
  let state = 7;
  const rand = (n: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state >>> 8) % n;
  };
  const words = ['acme', 'globex', 'initech', 'umbrella', 'hooli', 'stark', 'wayne', 'tyrell', 'cyberdyne', 'wonka', 'vandelay', 'github', 'aperture', 'nimbus', 'polar', 'summit'];
  const kinds = ['Portal', 'Admin', 'Billing', 'Support', 'Analytics', 'Cloud', 'Mail', 'Social'];
  const people = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
  const tags = ['vendor', 'social', 'finance', 'ops', 'marketing'];
  return Array.from({ length: count }, (_, i) => {
    const word = words[rand(words.length)]!;
    return {
      name: `${word[0]!.toUpperCase()}${word.slice(1)} ${kinds[rand(kinds.length)]} ${i}`,
      urls: [`https://${word}${rand(5000)}.example.com/login`],
      username: `${people[rand(people.length)]}.${rand(1000)}@team.example`,
      tags: [tags[rand(tags.length)]!],
      // One in ten shares a weak password, so the dashboard has weak and reused ones to find.
      password: i % 10 === 0 ? 'summer2024' : `${word}-${rand(1e9).toString(36)}-${i.toString(36)}-Q!`,
      ...(i % 3 === 0 ? { managedEmail: `a${i}@inbox.team.example` } : {}),
    };
  });
}

