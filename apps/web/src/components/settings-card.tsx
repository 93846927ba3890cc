import type { UseQueryResult } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { Card } from './card.tsx';
import { FormActions } from './form-actions.tsx';
import { ErrorMessage, StatusMessage } from './live-messages.tsx';
import { QueryState } from './query-state.tsx';

interface SettingsCardProps<Data> {
  /** The heading's id: it names the card and the form in it. */
  id: string;
  title: string;
  /** Said under the heading. */
  intro?: ReactNode;
  /** The setting's read. */
  setting: UseQueryResult<Data>;
  /** The form (admins) or what is set (everyone else). */
  children: (data: Data) => ReactNode;
  /** Under it all, whether the setting was read or not (a link to where it shows). */
  footer?: ReactNode;
}

/** A settings card: its heading and intro, then the setting once read (or why it could not be). */
export function SettingsCard<Data>({ id, title, intro, setting, children, footer }: SettingsCardProps<Data>) {
  return (
    <Card id={id} title={title} flush={false} className="settings-card">
      {intro}
      <QueryState query={setting}>{children}</QueryState>
      {footer}
    </Card>
  );
}

interface SettingsFormProps {
  /** The id of the heading that names the form. */
  labelledBy: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** Said once the setting was saved. */
  saved: string | undefined;
  /** Said when saving failed for a reason no field holds. */
  failure: string | undefined;
  submitLabel: string;
  pending: boolean;
  /** Called when a field changes (to forget the last save's answer). */
  onEdit?: () => void;
  /** The form's other buttons, after save. */
  actions?: ReactNode;
  children: ReactNode;
}

/**
 * A settings form: its fields, what saving answered, and its buttons. A refused field takes the
 * focus, so its message is read out with its label.
 */
export function SettingsForm({
  labelledBy,
  onSubmit,
  saved,
  failure,
  submitLabel,
  pending,
  onEdit,
  actions,
  children,
}: SettingsFormProps) {
  function submit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    onSubmit(event);
    setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }
  return (
    <form
      className="form settings-form"
      onSubmit={submit}
      onChange={onEdit}
      noValidate
      aria-labelledby={labelledBy}
    >
      {children}
      <StatusMessage>{saved}</StatusMessage>
      <ErrorMessage>{failure}</ErrorMessage>
      <FormActions submitLabel={submitLabel} pending={pending}>
        {actions}
      </FormActions>
    </form>
  );
}
