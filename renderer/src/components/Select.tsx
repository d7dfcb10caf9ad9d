// A Radix select with a visible label: keyboard (arrows, type-ahead, Enter, Escape), a listbox
// that stays inside the window and the app's look in light and dark, instead of the native
// control that each OS draws its own way. The label names the combobox for screen readers.
import * as RadixSelect from '@radix-ui/react-select';
import { useId } from 'react';

export type SelectOption = { value: string; label: string };

export function Select({ label, value, options, onValueChange, hint, disabled, name, inline, labelHidden }: {
  label: string;
  value: string;
  options: SelectOption[];
  onValueChange: (value: string) => void;
  hint?: string;
  disabled?: boolean;
  /** Submitted with its form under this name (Radix renders a hidden native select). */
  name?: string;
  /** Sits in a row of controls (no field block around it). */
  inline?: boolean;
  /** The label is for screen readers only (the row says what it is). */
  labelHidden?: boolean;
}) {
  const id = useId();
  return (
    <div className={inline ? 'select-inline' : 'field'}>
      <label id={`${id}-label`} htmlFor={id} className={labelHidden ? 'visually-hidden' : undefined}>{label}</label>
      <RadixSelect.Root value={value} onValueChange={onValueChange} {...(disabled ? { disabled } : {})} {...(name ? { name } : {})}>
        <RadixSelect.Trigger id={id} className="select-trigger" aria-labelledby={`${id}-label`} {...(hint ? { 'aria-describedby': `${id}-hint` } : {})}>
          <RadixSelect.Value />
          <RadixSelect.Icon className="select-icon" aria-hidden>▾</RadixSelect.Icon>
        </RadixSelect.Trigger>
        <RadixSelect.Portal>
          <RadixSelect.Content className="select-content" position="popper" sideOffset={4}>
            <RadixSelect.Viewport>
              {options.map((option) => (
                <RadixSelect.Item key={option.value} value={option.value} className="select-item">
                  <RadixSelect.ItemText>{option.label}</RadixSelect.ItemText>
                  <RadixSelect.ItemIndicator className="select-check" aria-hidden>✓</RadixSelect.ItemIndicator>
                </RadixSelect.Item>
              ))}
            </RadixSelect.Viewport>
          </RadixSelect.Content>
        </RadixSelect.Portal>
      </RadixSelect.Root>
      {hint && <span id={`${id}-hint`} className="hint">{hint}</span>}
    </div>
  );
}
