import { Type } from 'typebox';
import { field, formSchema } from '../../views/forms.ts';

export const passwordField = (title: string) =>
  Type.String({ title, errorMessage: `${title} must be at least 12 characters`, minLength: 12, maxLength: 200 });

export const SetupForm = formSchema({
  setupCode: field.text('Setup code', 'Enter the setup code shown where the Hub was started', 40),
  partnershipName: field.text('Partnership name', 'Enter the name of the partnership', 120),
  name: field.text('Your name', 'Enter your name', 120),
  email: field.email('Email address', 'Enter an email address in the correct format, like name@example.org'),
  password: passwordField('Password'),
});

export const AREA_KINDS = ['city', 'county', 'borough', 'district', 'unitary', 'region'] as const;

export const AreaForm = formSchema({
  name: field.text('Area name', 'Enter the name of the area', 120),
  kind: field.choice('Kind of area', 'Select the kind of area', AREA_KINDS),
});
