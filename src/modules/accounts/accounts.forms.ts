import { Type } from 'typebox';
import { field, formSchema, idParams } from '../../views/forms.ts';
import { passwordField } from '../partnership/partnership.forms.ts';
import { ROLES } from './accounts.tables.ts';

export const SignInForm = formSchema({
  email: Type.String({ title: 'Email address', errorMessage: 'Enter your email address', minLength: 1, maxLength: 254 }),
  password: Type.String({ title: 'Password', errorMessage: 'Enter your password', minLength: 1, maxLength: 200 }),
  next: Type.Optional(Type.String({ maxLength: 500 })),
});

export const NewAccountForm = formSchema({
  name: field.text('Full name', 'Enter the person’s full name', 120),
  email: field.email('Email address', 'Enter an email address in the correct format, like name@example.org'),
  role: field.choice('Role', 'Select a role', ROLES),
  organisationId: field.optionalId('Organisation', 'Select an organisation'),
  jobTitle: field.optionalText('Job title', 120),
});

export const RoleForm = formSchema({ role: field.choice('Role', 'Select a role', ROLES) });
export const CsrfOnlyForm = formSchema({});

export const ChangePasswordForm = formSchema({
  currentPassword: Type.String({ title: 'Current password', errorMessage: 'Enter your current password', minLength: 1, maxLength: 200 }),
  newPassword: passwordField('New password'),
});

export const AccountParams = idParams('accountId');
