import { Type } from 'typebox';
import { field, formSchema, idParams } from '../../views/forms.ts';
import { ROLES } from './accounts.tables.ts';

const codeField = (errorMessage: string) => Type.String({ title: 'Code', errorMessage, minLength: 1, maxLength: 40 });

/** The second step of signing in: an authenticator code, or one of the recovery codes. */
export const SignInCodeForm = formSchema({
  code: codeField('Enter the 6-digit code from your authenticator app, or one of your recovery codes'),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});

/** Setting up an authenticator app: a current code proves the app holds the secret. */
export const ConfirmAuthenticatorForm = formSchema({
  code: codeField('Enter the 6-digit code your authenticator app shows'),
});

export const RequirementForm = formSchema({
  roles: Type.Optional(
    Type.Array(field.choice('Roles', 'Select roles from the list', ROLES), {
      title: 'Roles',
      errorMessage: 'Select roles from the list',
      maxItems: ROLES.length,
    }),
  ),
  sensitiveGroups: Type.Optional(field.choice('Groups', 'Select whether group members must have one', ['yes'])),
});

export const FactorParams = idParams('factorId');
