import { Type } from 'typebox';
import { field, formSchema, idParams } from '../../views/forms.ts';
import { ROLES } from './accounts.tables.ts';

export const passwordField = (title: string) =>
  Type.String({ title, errorMessage: `${title} must be at least 12 characters`, minLength: 12, maxLength: 200 });

/** The first-run setup: names the partnership and creates the first administrator. */
export const SetupForm = formSchema({
  setupCode: field.text('Setup code', 'Enter the setup code shown where the Hub was started', 40),
  partnershipName: field.text('Partnership name', 'Enter the name of the partnership', 120),
  name: field.text('Your name', 'Enter your name', 120),
  email: field.email('Email address', 'Enter an email address in the correct format, like name@example.org'),
  password: passwordField('Password'),
});

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
