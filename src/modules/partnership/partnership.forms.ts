import { field, formSchema } from '../../views/forms.ts';

export const AREA_KINDS = ['city', 'county', 'borough', 'district', 'unitary', 'region'] as const;

export const AreaForm = formSchema({
  name: field.text('Area name', 'Enter the name of the area', 120),
  kind: field.choice('Kind of area', 'Select the kind of area', AREA_KINDS),
});
