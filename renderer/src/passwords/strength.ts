// Master-password strength in the renderer with zxcvbn-ts (the same library the dashboard
// scores stored passwords with). The dictionaries load on first use, in their own chunk, so
// the unlock screen does not pay for them.
export type Strength = { score: 0 | 1 | 2 | 3 | 4; warning: string; suggestion: string };

/** The minimum a new master password must reach: "3 — safely unguessable". */
export const MIN_MASTER_SCORE = 3;
export const MIN_MASTER_LENGTH = 10;

type Checker = (password: string, inputs: string[]) => Strength;
let checker: Promise<Checker> | null = null;

function load(): Promise<Checker> {
  checker ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')]).then(([core, common, english]) => {
    const factory = new core.ZxcvbnFactory({
      translations: english.translations,
      graphs: common.adjacencyGraphs,
      dictionary: { ...common.dictionary, ...english.dictionary },
      l33tMaxSubstitutions: 10,
    });
    return (password, inputs) => {
      const result = factory.check(password.slice(0, 100), inputs);
      return { score: result.score, warning: result.feedback.warning ?? '', suggestion: result.feedback.suggestions[0] ?? '' };
    };
  });
  return checker;
}

export async function strengthOf(password: string, inputs: string[] = []): Promise<Strength> {
  return (await load())(password, inputs);
}

export const STRENGTH_WORDS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

/** Why a new master password is not accepted yet, or null when it is. */
export function masterPasswordProblem(password: string, strength: Strength | null): string | null {
  if (password.length < MIN_MASTER_LENGTH) return `Use at least ${MIN_MASTER_LENGTH} characters; a passphrase of four or more words is easiest to remember.`;
  if (strength === null) return 'Checking strength…';
  if (strength.score < MIN_MASTER_SCORE) return `${STRENGTH_WORDS[strength.score]}: ${strength.warning || 'this is easy to guess'}. ${strength.suggestion || 'Add more words or characters.'}`;
  return null;
}
