import { Type } from 'typebox';
import { field, formSchema } from '../../views/forms.ts';

/** A browser's answer from a key: JSON of a few kilobytes at most. */
const answerField = (errorMessage: string) => Type.String({ title: 'Security key', errorMessage, maxLength: 20_000 });

/** Registering a key: the person's name for it, and (filled in by the page's script) the key's answer. */
export const SecurityKeyForm = formSchema({
  name: field.text('Name', 'Enter a name for the security key, such as where you keep it', 60),
  credential: Type.Optional(answerField('Use your security key when your browser asks')),
});

/** Signing in with a key instead of a code. */
export const SignInKeyForm = formSchema({
  credential: Type.String({
    title: 'Security key',
    errorMessage: 'Use your security key when your browser asks, or enter a code',
    minLength: 1,
    maxLength: 20_000,
  }),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
});
