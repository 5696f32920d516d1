import { Type } from 'typebox';
import { field, formSchema } from '../../views/forms.ts';

const onOff = (title: string) => field.choice(title, `Select whether you want ${title.toLowerCase()}`, ['on', 'off']);

/** A person's own email preferences: nothing in it names an account, so only one's own can change. */
export const EmailPreferencesForm = formSchema({
  weeklyDigest: onOff('The weekly digest'),
  reminders: onOff('Reminders of what you own falling due'),
});

export const DoneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });
