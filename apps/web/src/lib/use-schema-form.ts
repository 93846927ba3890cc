import type { UseMutationResult } from '@tanstack/react-query';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { isApiError } from './api-client.ts';
import { useErrorMessage } from './error-messages.ts';
import {
  type FieldErrors,
  fieldErrorsFromApi,
  fieldErrorsFromIssues,
  withoutFieldError,
} from './form-errors.ts';

type Values = Record<string, string>;

interface SchemaFormOptions<V extends Values, S extends z.ZodType> {
  /** One schema per shape, from packages/contracts: the same the API parses the request with. */
  schema: S;
  initial: V;
  /** What the schema reads; the values as typed unless told. */
  input?: (values: V) => unknown;
  /** A field whose schema messages are replaced by one of its own (a serial number, a user id). */
  messages?: Partial<Record<keyof V & string, string>>;
}

/** An input, select or text area bound to one value of the form. */
export interface BoundField {
  name: string;
  value: string;
  error: string | undefined;
  onChange: (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => void;
}

/**
 * A form bound to a shared zod schema. The values are the text of the fields; on submit the schema
 * parses them and the fields it refuses show one translated message each, cleared as soon as that
 * field is changed. An API answer can name fields too: `apiFailed` puts its messages on the fields,
 * and `failure` is what is left to say above the form.
 */
export function useSchemaForm<V extends Values, S extends z.ZodType>({
  schema,
  initial,
  input,
  messages,
}: SchemaFormOptions<V, S>) {
  const { t } = useTranslation();
  const describeError = useErrorMessage();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});

  function setValue<K extends keyof V & string>(name: K, value: V[K]) {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => withoutFieldError(current, name));
  }

  /**
   * The schema's reading of the values, or undefined with the messages on the fields. `check` adds
   * what the schema cannot know (a password typed twice, a person looked up by email); `more` is
   * read by the schema with the values (a choice made by the button pressed).
   */
  function parse(check?: (errors: FieldErrors) => void, more?: object): z.output<S> | undefined {
    const parsed = schema.safeParse({ ...(input ? (input(values) as object) : values), ...more });
    const found = parsed.success ? {} : fieldErrorsFromIssues(parsed.error.issues, t);
    for (const [name, message] of Object.entries(messages ?? {})) {
      if (found[name] !== undefined) found[name] = message;
    }
    check?.(found);
    setErrors(found);
    return parsed.success && Object.keys(found).length === 0 ? parsed.data : undefined;
  }

  function handleSubmit(onValid: (data: z.output<S>) => void) {
    return (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const data = parse();
      if (data !== undefined) onValid(data);
    };
  }

  function apiFailed(codes: Record<string, FieldErrors> = {}) {
    return (error: Error) => {
      const named = isApiError(error) ? codes[error.code] : undefined;
      setErrors(named ?? fieldErrorsFromApi(error));
    };
  }

  function failure(error: unknown, fieldCodes: readonly string[] = []): string | undefined {
    if (!error) return undefined;
    if (isApiError(error) && fieldCodes.includes(error.code)) return undefined;
    return describeError(error);
  }

  return {
    values,
    errors,
    setErrors,
    setValue,
    clearError: (name: string) => setErrors((current) => withoutFieldError(current, name)),
    /** Resets the values after a save that keeps the form open. */
    reset: (next: V) => setValues(next),
    parse,
    field(name: keyof V & string): BoundField {
      return {
        name,
        value: values[name] ?? '',
        error: errors[name],
        onChange: (event) => setValue(name, event.target.value as V[typeof name]),
      };
    },
    /** A submit handler that parses the values and hands what the schema gives to `onValid`. */
    handleSubmit,
    /**
     * Puts a refused request's messages on its fields: the codes named here on the field given,
     * VALIDATION_FAILED on the fields the API names.
     */
    apiFailed,
    /** The message above the form for a failed request, unless one of these codes went to a field. */
    failure,
    /**
     * What a FormDialog that saves through `mutation` takes: its submit handler (the schema's
     * reading, made into the request by `send`; `onSaved` with the answer), the failure above the
     * form (the codes in `fieldCodes` go to their fields instead) and whether it is saving.
     */
    saving<Input, Output>(
      mutation: UseMutationResult<Output, Error, Input>,
      send: (data: z.output<S>) => Input,
      onSaved: (output: Output) => void,
      fieldCodes: Record<string, FieldErrors> = {},
    ) {
      return {
        onSubmit: handleSubmit((data) =>
          mutation.mutate(send(data), { onSuccess: onSaved, onError: apiFailed(fieldCodes) }),
        ),
        failure: failure(mutation.error, Object.keys(fieldCodes)),
        pending: mutation.isPending,
      };
    },
  };
}

export type SchemaForm = ReturnType<typeof useSchemaForm>;
