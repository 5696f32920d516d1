import { Type } from 'typebox';
import { field, formSchema } from '../../views/forms.ts';
import { passwordField } from './accounts.forms.ts';

/** The token of an emailed link: 32 random bytes, base64url. Anything else is not one of ours (a 404). */
export const TokenParams = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }) });

export const SetPasswordForm = formSchema({
  newPassword: passwordField('New password'),
  confirmPassword: Type.String({
    title: 'Confirm new password',
    errorMessage: 'Enter the new password again',
    minLength: 1,
    maxLength: 200,
  }),
});

export const ForgotPasswordForm = formSchema({
  email: field.email('Email address', 'Enter an email address in the correct format, like name@example.org'),
});
