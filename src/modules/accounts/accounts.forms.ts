import { Type } from 'typebox';
import { field, formSchema, idParams } from '../../views/forms.ts';
import { passwordField } from '../partnership/index.ts';
import { ROLES } from './accounts.tables.ts';

export const SignInForm = formSchema({
  email: Type.String({
    title: 'Email address',
    errorMessage: 'Enter your email address',
    minLength: 1,
    maxLength: 254,
  }),
  password: Type.String({ title: 'Password', errorMessage: 'Enter your password', minLength: 1, maxLength: 200 }),
  // Where to go after signing in: checked by safeNext, which sends anything not ours home.
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});

/** Who an account is for: someone already in the Hub, or someone new. */
export const ACCOUNT_HOLDERS = ['existing', 'new'] as const;

export const NewAccountForm = formSchema({
  who: field.choice(
    'Who the account is for',
    'Select whether the account is for someone already in the Hub or someone new',
    ACCOUNT_HOLDERS,
  ),
  personId: field.optionalId('Person', 'Choose the person from the list'),
  name: field.optionalText('Full name', 120),
  organisationId: field.optionalId('Organisation', 'Select an organisation'),
  jobTitle: field.optionalText('Job title', 120),
  email: Type.Optional(
    field.email('Email address', 'Enter an email address in the correct format, like name@example.org'),
  ),
  role: field.choice('Role', 'Select a role', ROLES),
});

export const RoleForm = formSchema({ role: field.choice('Role', 'Select a role', ROLES) });
export const CsrfOnlyForm = formSchema({});

export const ChangePasswordForm = formSchema({
  currentPassword: Type.String({
    title: 'Current password',
    errorMessage: 'Enter your current password',
    minLength: 1,
    maxLength: 200,
  }),
  newPassword: passwordField('New password'),
});

export const AccountParams = idParams('accountId');
