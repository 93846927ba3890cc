import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '../../../components/form-field.tsx';
import type { FieldErrors } from '../../../lib/form-errors.ts';

/** What the admin tells about a token besides its name: the same when adding and editing. */
export interface TokenDetails {
  appleId: string;
  categories: string;
  description: string;
}

interface TokenDetailFieldsProps {
  values: TokenDetails;
  errors: FieldErrors;
  onChange: (field: keyof TokenDetails, value: string) => void;
}

export function TokenDetailFields({ values, errors, onChange }: TokenDetailFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={t('tokens.fields.appleId')}
        type="email"
        name="appleId"
        autoComplete="off"
        spellCheck={false}
        value={values.appleId}
        onChange={(event) => onChange('appleId', event.target.value)}
        hint={t('tokens.fields.appleIdHint')}
        error={errors.appleId}
        maxLength={254}
        required
      />
      <TextField
        label={t('tokens.fields.categories')}
        name="categories"
        autoComplete="off"
        value={values.categories}
        onChange={(event) => onChange('categories', event.target.value)}
        hint={t('tokens.fields.categoriesHint')}
        error={errors.categories}
      />
      <TextAreaField
        label={t('tokens.fields.description')}
        name="description"
        value={values.description}
        onChange={(event) => onChange('description', event.target.value)}
        error={errors.description}
        maxLength={1000}
        rows={3}
      />
    </>
  );
}
