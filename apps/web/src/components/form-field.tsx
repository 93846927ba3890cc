import {
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';
import { useTranslation } from 'react-i18next';

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean | undefined;
  children: ReactNode;
}

/**
 * A field's label, marked when the field must be filled in. Screen readers hear "required" from the
 * control itself, so the mark is for the eyes only, and it stands beside the label rather than in
 * it: the label stays the field's name.
 */
function FieldLabel({ id, label, required }: { id: string; label: string; required: boolean | undefined }) {
  const { t } = useTranslation();
  const text = (
    <label className="field__label" htmlFor={id}>
      {label}
    </label>
  );
  if (!required) return text;
  return (
    <span className="field__label-row">
      {text}
      <span className="field__required" aria-hidden="true">
        {t('common.requiredMark')}
      </span>
    </span>
  );
}

function FieldFrame({ id, label, hint, error, required, children }: FieldFrameProps) {
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <FieldLabel id={id} label={label} required={required} />
      {children}
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: string | undefined, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
};

/** A labelled input whose hint and error are read out with it. */
export function TextField({ label, hint, error, className, ...input }: TextFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={input.required}>
      <input
        {...input}
        id={id}
        className={className ? `input ${className}` : 'input'}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

type SelectFieldProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  options: ReadonlyArray<{ value: string; label: string }>;
};

export function SelectField({ label, hint, error, options, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={select.required}>
      <select
        {...select}
        id={id}
        className="input select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

type TextAreaFieldProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
};

export function TextAreaField({ label, hint, error, className, ...textarea }: TextAreaFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} required={textarea.required}>
      <textarea
        {...textarea}
        id={id}
        className={className ? `input textarea ${className}` : 'input textarea'}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
      />
    </FieldFrame>
  );
}

type FileFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'value'> & {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  /** What the console read from the chosen file, shown under the field. */
  summary?: ReactNode;
};

/**
 * A labelled file input. Reading a chosen file takes a moment, so what was read (the summary) and
 * a file refused on reading (the error) are announced as they appear, and read out with the field.
 */
export function FileField({ label, hint, error, summary, className, ...input }: FileFieldProps) {
  const id = useId();
  const ids = [hint ? `${id}-hint` : '', summary ? `${id}-summary` : '', error ? `${id}-error` : ''];
  const described = ids.filter(Boolean).join(' ');
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <FieldLabel id={id} label={label} required={input.required} />
      <input
        {...input}
        id={id}
        type="file"
        className={className ? `input input--file ${className}` : 'input input--file'}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
      />
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="live-region" role="status" aria-live="polite">
        {summary ? <div id={`${id}-summary`}>{summary}</div> : null}
      </div>
      <div className="live-region" role="alert">
        {error ? (
          <p className="field__error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

type TypedFieldProps = Omit<TextFieldProps, 'type'>;

/** An email address: no spelling check. */
export function EmailField(props: TypedFieldProps) {
  return <TextField type="email" spellCheck={false} {...props} />;
}

/** A password, never shown. */
export function PasswordField(props: TypedFieldProps) {
  return <TextField type="password" {...props} />;
}

/** A list's search box. */
export function SearchField(props: TypedFieldProps) {
  return <TextField type="search" maxLength={200} {...props} />;
}

/** A whole number in a short box, with the numeric keyboard on phones; `min` is 0 unless told. */
export function NumberField(props: TypedFieldProps) {
  return <TextField type="number" inputMode="numeric" min={0} step={1} className="input--short" {...props} />;
}
