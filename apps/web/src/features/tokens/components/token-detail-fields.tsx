import { useTranslation } from 'react-i18next';
import { EmailField, TextAreaField, TextField } from '../../../components/form-field.tsx';
import type { BoundField } from '../../../lib/use-schema-form.ts';

interface TokenDetailFieldsProps {
  field: (name: 'appleId' | 'categories' | 'description') => BoundField;
}

/** What the admin tells about a token besides its name: the same when adding and editing. */
export function TokenDetailFields({ field }: TokenDetailFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <EmailField
        label={t('tokens.fields.appleId')}
        {...field('appleId')}
        autoComplete="off"
        hint={t('tokens.fields.appleIdHint')}
        maxLength={254}
        required
      />
      <TextField
        label={t('tokens.fields.categories')}
        {...field('categories')}
        autoComplete="off"
        hint={t('tokens.fields.categoriesHint')}
      />
      <TextAreaField
        label={t('tokens.fields.description')}
        {...field('description')}
        maxLength={1000}
        rows={3}
      />
    </>
  );
}
