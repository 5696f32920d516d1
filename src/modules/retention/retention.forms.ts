import { Type } from 'typebox';
import { formSchema, querySchema } from '../../views/forms.ts';

/**
 * The shortest periods the page accepts: delegates may ask about their event for a month after it
 * closes, and a year of sign-in attempts is what an investigation of a stolen password needs;
 * a shorter period would delete what the partnership may still be asked about.
 */
export const LIMITS = {
  event_delegates: { min: 30, max: 3650 },
  sign_in_attempts: { min: 90, max: 3650 },
} as const;

const days = (title: string, limits: { min: number; max: number }) =>
  Type.Integer({
    title,
    errorMessage: `Enter a whole number of days from ${limits.min} to ${limits.max}`,
    minimum: limits.min,
    maximum: limits.max,
  });

export const PeriodsForm = formSchema({
  eventDelegatesDays: days('Days after an event closes', LIMITS.event_delegates),
  signInAttemptsDays: days('Days a sign-in attempt is kept', LIMITS.sign_in_attempts),
});

/** "Run now" asks for nothing but the form's token. */
export const RunNowForm = formSchema({});

export const RetentionQuery = querySchema({
  // After a change: which confirmation to show.
  done: Type.Optional(Type.Enum(['saved', 'ran'])),
});

export const AttemptsQuery = querySchema({
  email: Type.Optional(Type.String({ title: 'Email', maxLength: 254 })),
});
