import { useId } from 'react';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  /** Read with the option, shown under its label. */
  hint?: string | undefined;
  disabled?: boolean;
}

interface RadioGroupProps<T extends string> {
  legend: string;
  name: string;
  value: T | undefined;
  options: ReadonlyArray<RadioOption<T>>;
  onChange: (value: T) => void;
  hint?: string | undefined;
  error?: string | undefined;
  /** Options side by side instead of one under the other. */
  inline?: boolean;
}

/**
 * A labelled group of radio buttons in a fieldset: the browser gives it arrow-key navigation, and
 * the group's hint and error are read with it. A disabled option stays visible with why.
 */
export function RadioGroup<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
  hint,
  error,
  inline = false,
}: RadioGroupProps<T>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset
      className={error ? 'field fieldset field--invalid' : 'field fieldset'}
      aria-describedby={described || undefined}
    >
      <legend className="field__label">{legend}</legend>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className={inline ? 'radio-group radio-group--inline' : 'radio-group'}>
        {options.map((option) => {
          const optionId = `${id}-${option.value}`;
          return (
            <div key={option.value} className={option.disabled ? 'radio radio--disabled' : 'radio'}>
              <input
                type="radio"
                id={optionId}
                name={name}
                value={option.value}
                checked={value === option.value}
                disabled={option.disabled}
                onChange={() => onChange(option.value)}
                aria-describedby={option.hint ? `${optionId}-hint` : undefined}
              />
              <div className="radio__text">
                <label htmlFor={optionId} className="radio__label">
                  {option.label}
                </label>
                {option.hint && (
                  <span className="radio__hint" id={`${optionId}-hint`}>
                    {option.hint}
                  </span>
                )}
              </div>
            </div>
          );
        })}
      </div>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
