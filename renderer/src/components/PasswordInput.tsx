// A password field with Show/Hide, and (for new master passwords) a strength meter from
// zxcvbn with the minimum the app requires. Labels and errors are wired like Field.
import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';
import { STRENGTH_WORDS, strengthOf, type Strength } from '../passwords/strength';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string | null;
  /** Show the strength meter and report each new score. */
  onStrength?: (strength: Strength | null) => void;
  /** Words the password should not be built from (the account's name, the username). */
  strengthInputs?: string[];
};

export function PasswordInput({ label, value, onValue, hint, error, onStrength, strengthInputs, ...input }: Props) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const [strength, setStrength] = useState<Strength | null>(null);
  const inputsKey = (strengthInputs ?? []).join('\n');
  useEffect(() => {
    if (!onStrength) return;
    let current = true;
    if (value === '') {
      setStrength(null);
      onStrength(null);
      return;
    }
    void strengthOf(value, inputsKey ? inputsKey.split('\n') : []).then((s) => {
      if (!current) return;
      setStrength(s);
      onStrength(s);
    });
    return () => { current = false; };
  }, [value, inputsKey, onStrength]);
  const describedBy = [hint ? `${id}-hint` : null, onStrength ? `${id}-strength` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-with-button">
        <input id={id} type={shown ? 'text' : 'password'} value={value} onChange={(e) => onValue(e.target.value)} spellCheck={false}
          aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
        {/* Named by its text alone, so finding the field by its label finds only the field. */}
        <button type="button" className="inline" aria-pressed={shown} aria-controls={id}
          onClick={() => setShown(!shown)}>{shown ? 'Hide' : 'Show'}</button>
      </div>
      {onStrength && (
        <div id={`${id}-strength`} className="strength" data-score={strength?.score ?? ''} data-testid="password-strength">
          <meter min={0} max={4} low={2} high={3} optimum={4} value={strength?.score ?? 0} aria-label="Password strength" />
          <span className="hint">{value === '' ? 'Strength shows as you type.' : strength ? `Strength: ${STRENGTH_WORDS[strength.score]}` : 'Checking…'}</span>
        </div>
      )}
      {hint && <span id={`${id}-hint`} className="hint">{hint}</span>}
      {error && <span id={`${id}-error`} className="field-error" role="alert">{error}</span>}
    </div>
  );
}
