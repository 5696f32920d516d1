import { Type } from 'typebox';
import { field, formSchema, querySchema } from '../../views/forms.ts';

export const HOURS = Array.from({ length: 24 }, (_, hour) => String(hour));

export const BackupsQuery = querySchema({
  // After a change: which confirmation to show.
  done: Type.Optional(Type.Enum(['taken', 'scheduled'])),
});

/** Taking a backup asks for nothing but the form's token. */
export const TakeBackupForm = formSchema({});

export const ScheduleForm = formSchema({
  dailyAtHour: field.choice('Take a backup every day at', 'Select an hour, or no scheduled backups', [
    'none',
    ...HOURS,
  ]),
});
