import { Type } from 'typebox';
import { field, formSchema } from '../../views/forms.ts';

/** The partnership's identity provider, as an administrator registers the Hub with it. */
export const SingleSignOnForm = formSchema({
  name: field.text('Name on the button', 'Enter the name people know the identity provider by', 60),
  issuer: Type.String({
    title: 'Issuer',
    errorMessage: 'Enter the provider’s issuer address, like https://login.example.org',
    pattern: '^https?://[^\\s]+$',
    maxLength: 500,
  }),
  clientId: field.text('Client ID', 'Enter the client ID the provider gave the Hub', 300),
  // Blank keeps the secret already stored: it is never shown back.
  clientSecret: Type.Optional(Type.String({ title: 'Client secret', maxLength: 500 })),
  trustProviderMfa: Type.Optional(
    field.choice('Provider’s multi-factor sign-in', 'Select whether to trust it', ['yes']),
  ),
  accountDomains: field.optionalText('Email domains', 1000),
});

/** Starting single sign-on: where to go afterwards. Too long to be ours is ignored. */
export const StartQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) });

/** The provider's answer (RFC 6749 §4.1.2, RFC 9207): read again from the raw address for openid-client. */
export const CallbackQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 4000 })),
  state: Type.Optional(Type.String({ maxLength: 500 })),
  iss: Type.Optional(Type.String({ maxLength: 500 })),
  error: Type.Optional(Type.String({ maxLength: 200 })),
  error_description: Type.Optional(Type.String({ maxLength: 2000 })),
  session_state: Type.Optional(Type.String({ maxLength: 500 })),
});
