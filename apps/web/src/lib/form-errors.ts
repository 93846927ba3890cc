import type { TFunction } from 'i18next';
import { isApiError } from './api-client.ts';

/** Messages keyed by form field name. */
export type FieldErrors = Partial<Record<string, string>>;

/** The members of a zod issue that the console reads (kept structural to stay independent of zod). */
export interface ValidationIssue {
  code: string;
  path: PropertyKey[];
  message: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

function issueMessage(issue: ValidationIssue, t: TFunction): string {
  switch (issue.code) {
    case 'too_small':
      // `min(1)` on a string is how the schemas say "required".
      if (Number(issue.minimum ?? 1) <= 1) return t('validation.required');
      return t('validation.tooShort', { count: Number(issue.minimum) });
    case 'too_big':
      return t('validation.tooLong', { count: Number(issue.maximum ?? 0) });
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('validation.invalid');
    case 'invalid_type':
      return t('validation.required');
    case 'custom':
      return issue.path.includes('currentPassword')
        ? t('validation.currentPasswordRequired')
        : t('validation.invalid');
    default:
      return t('validation.invalid');
  }
}

/** The errors without the one of this field: a field's message goes once the reader changes it. */
export function withoutFieldError(errors: FieldErrors, name: string): FieldErrors {
  if (errors[name] === undefined) return errors;
  const { [name]: _removed, ...others } = errors;
  return others;
}

/** Translates the issues of a shared zod schema into one message per field (the first one wins). */
export function fieldErrorsFromIssues(issues: readonly ValidationIssue[], t: TFunction): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = fieldName(issue.path);
    if (errors[name] === undefined) errors[name] = issueMessage(issue, t);
  }
  return errors;
}

/** The field errors of a VALIDATION_FAILED answer, keyed by field name (`body.email` → `email`). */
export function fieldErrorsFromApi(error: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!isApiError(error)) return errors;
  for (const { path, message } of error.errors) {
    const name = path
      .replace(/^(body|query|params)\./, '')
      .replace(/^\//, '')
      .replaceAll('/', '.');
    if (errors[name] === undefined) errors[name] = message;
  }
  return errors;
}

/** A number field's text as a schema reads it: an empty field is no number (refused), not 0. */
export function numberFromText(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}
