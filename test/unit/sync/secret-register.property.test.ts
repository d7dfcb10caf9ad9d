// The multi-value register behind a shared secret: two devices write a field while apart;
// after they exchange updates, the field holds exactly the values neither had seen replaced
// (a conflict when both wrote), and writing any one of them resolves it on both devices.
import fc from 'fast-check';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { newItemKey, SharedAccountDoc } from '../../../main/sync/shared-account-doc';

const key = newItemKey();
const exchange = (a: SharedAccountDoc, b: SharedAccountDoc) => {
  const fromA = Y.encodeStateAsUpdate(a.doc);
  Y.applyUpdate(a.doc, Y.encodeStateAsUpdate(b.doc));
  Y.applyUpdate(b.doc, fromA);
};

describe('secret register', () => {
  it('keeps concurrent values as a conflict until one is written again, then converges', () => {
    // Each round: which devices write (and what) before they sync.
    const round = fc.record({ a: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }), b: fc.option(fc.string({ minLength: 1, maxLength: 8 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(round, { minLength: 1, maxLength: 6 }), fc.nat(), (rounds, pick) => {
        const a = new SharedAccountDoc('ws/account/m/acct');
        const b = new SharedAccountDoc('ws/account/m/acct', new Y.Doc());
        let expected: string[] = [];
        for (const r of rounds) {
          if (r.a !== undefined) a.writeSecret('password', r.a, key, { deviceId: 'da', memberId: 'ma' });
          if (r.b !== undefined) b.writeSecret('password', r.b, key, { deviceId: 'db', memberId: 'mb' });
          exchange(a, b);
          const written = [r.a, r.b].filter((v): v is string => v !== undefined);
          if (written.length) expected = written;
          for (const doc of [a, b]) {
            const state = doc.readSecret('password', [key]);
            const values = state.status === 'conflict' ? state.candidates.map((c) => c.value) : state.status === 'set' ? [state.value] : [];
            expect(values.toSorted()).toEqual(expected.toSorted());
            expect(doc.conflicts()).toEqual(expected.length > 1 ? ['password'] : []);
          }
        }
        const state = a.readSecret('password', [key]);
        if (state.status !== 'conflict') return;
        const chosen = state.candidates[pick % state.candidates.length]!;
        a.writeSecret('password', chosen.value, key, { deviceId: 'da', memberId: 'ma' });
        exchange(a, b);
        for (const doc of [a, b]) expect(doc.readSecret('password', [key])).toEqual({ status: 'set', value: chosen.value });
      }),
      { numRuns: 60 },
    );
  });
});
