import { Type } from 'typebox';
import { field, formSchema, idParams, Id, querySchema } from '../../views/forms.ts';
import { AGE_BANDS, CONCERNS, GENDERS, SECTORS } from './categories.ts';
import { JOURNEY_STEP_NAMES } from './register.policy.ts';
import { REGISTER_OUTCOMES, REGISTER_STAGES } from './register.tables.ts';

const ids = (list: readonly { id: string }[]) => list.map((item) => item.id);

export const NOTES_MAX = 500;

export const ReferralParams = idParams('referralId');
export const StepParams = Type.Object({
  referralId: Id(),
  step: Type.Enum(JOURNEY_STEP_NAMES),
});

export const RegisterQuery = querySchema({
  stage: Type.Optional(Type.Enum([...REGISTER_STAGES])),
  area: Type.Optional(Type.String({ maxLength: 100 })),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  done: Type.Optional(Type.String({ maxLength: 30 })),
});

export const DoneQuery = querySchema({ done: Type.Optional(Type.String({ maxLength: 30 })) });

/** "Save anyway": the user has read the warning that the notes may identify someone. */
const confirmIdentifying = Type.Optional(Type.Literal('yes'));

/** The statistical fields of a referral and its one note; no field can hold a name or address. */
const referralFields = {
  receivedOn: field.date('Date received', 'Enter the date the referral was received, for example 2026-03-27'),
  referringSector: field.choice('Referring sector', 'Select the sector the referral came from', ids(SECTORS)),
  areaId: field.optionalId('Area', 'Select an area'),
  area: field.optionalText('Area (if not in the list)', 100),
  concern: field.choice('Type of concern', 'Select the type of concern', ids(CONCERNS)),
  ageBand: field.choice('Age band', 'Select the age band', ids(AGE_BANDS)),
  gender: Type.Optional(Type.Enum(ids(GENDERS), { title: 'Gender', errorMessage: 'Select a gender or leave it' })),
  notes: field.optionalText('Notes', NOTES_MAX),
  confirmIdentifying,
};

export const ReferralForm = formSchema(referralFields);
export const CorrectionForm = formSchema(referralFields);

export const StepForm = formSchema({
  happenedOn: field.date('Date', 'Enter the date, for example 2026-03-27'),
  details: field.optionalText('Details', NOTES_MAX),
  meetingId: field.optionalId('Channel panel meeting', 'Select the Channel panel meeting'),
  outcome: Type.Optional(
    Type.Enum(
      [...REGISTER_OUTCOMES].filter((o) => o !== 'adopted'),
      {
        title: 'Outcome',
        errorMessage: 'Select signposted to other services or no further action',
      },
    ),
  ),
  supportPlan: field.optionalText('Support plan', NOTES_MAX),
  consentOn: field.optionalDate('Date consent was given', 'Enter the date consent was given, for example 2026-03-27'),
  interventionProvider: field.optionalText('Intervention provider', 200),
  confirmIdentifying,
});

export const AccessForm = formSchema({
  accountId: field.id('Person', 'Select the person to name'),
});
export const AccessRemoveForm = formSchema({
  accountId: field.id('Person', 'Select the person to remove'),
});
export const RetentionForm = formSchema({
  retentionYears: Type.Integer({
    title: 'Years kept after exit',
    errorMessage: 'Enter a whole number of years from 1 to 100',
    minimum: 1,
    maximum: 100,
  }),
});
