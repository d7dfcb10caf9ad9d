// A new master password with its repeat, for a new vault and a restored one: strength from
// zxcvbn with the app's minimum, judged on submit with the real score even while the meter
// still loads, and the refusal shown under the field that holds it.
import { useCallback, useState } from 'react';
import { Field } from './Field';
import { PasswordInput } from './PasswordInput';
import { MIN_MASTER_LENGTH, masterPasswordProblem, strengthOf, type Strength } from '../passwords/strength';

export function useNewMasterPassword() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [strength, setStrength] = useState<Strength | null>(null);
  const [tried, setTried] = useState(false);
  const onStrength = useCallback((s: Strength | null) => setStrength(s), []);

  /** On submit: true when the password is strong enough and repeated. */
  async function accept(): Promise<boolean> {
    setTried(true);
    let judged = strength;
    if (judged === null && password.length >= MIN_MASTER_LENGTH) {
      judged = await strengthOf(password);
      setStrength(judged);
    }
    return masterPasswordProblem(password, judged) === null && password === confirm;
  }
  return { password, setPassword, confirm, setConfirm, strength, onStrength, tried, accept };
}

export function NewMasterPasswordFields({ state, label = 'Master password', autoFocus, error }: {
  state: ReturnType<typeof useNewMasterPassword>;
  label?: string;
  autoFocus?: boolean;
  /** A refusal from the main process for the password itself. */
  error?: string | null;
}) {
  const { password, setPassword, confirm, setConfirm, strength, onStrength, tried } = state;
  const problem = masterPasswordProblem(password, strength);
  const mismatch = confirm.length > 0 && confirm !== password;
  const shownProblem = (tried || password.length >= MIN_MASTER_LENGTH) && problem && problem !== 'Checking strength…' ? problem : null;
  return (
    <>
      <PasswordInput label={label} autoComplete="new-password" autoFocus={autoFocus} value={password} onValue={setPassword}
        onStrength={onStrength} required error={shownProblem ?? error ?? null} />
      <Field label={`Repeat ${label.charAt(0).toLowerCase()}${label.slice(1)}`} type="password" autoComplete="new-password" value={confirm}
        onChange={(e) => setConfirm(e.target.value)} error={mismatch || (tried && confirm !== password) ? 'The two passwords are different.' : null} required />
    </>
  );
}
