import { Type } from 'typebox';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { POLL_KINDS } from './events.tables.ts';

export const EventParams = Type.Object({ eventId: Id() });
export const PollParams = Type.Object({ eventId: Id(), pollId: Id() });
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }) });
export const CodePollParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }), pollId: Id() });
export const QuestionParams = Type.Object({ eventId: Id(), questionId: Id() });
export const ThemeParams = Type.Object({ eventId: Id(), questionId: Id(), themeId: Id() });
export const CodeQuestionParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 20 }), questionId: Id() });

export const RESULT_TIMING = ['live', 'after_close'] as const;

export const PollForm = formSchema({
  question: field.text('Question', 'Enter the question', 300),
  kind: field.choice('Kind of poll', 'Select the kind of poll', POLL_KINDS),
  options: field.optionalText('Options', 4000),
  ratingMax: Type.Optional(
    Type.Integer({
      title: 'Highest rating',
      errorMessage: 'Enter a highest rating from 2 to 10',
      minimum: 2,
      maximum: 10,
    }),
  ),
  results: field.choice('Results', 'Select when delegates see the results', RESULT_TIMING),
});

/** A delegate's answer: which fields count depends on the kind of poll (checked in the service). */
export const ResponseForm = formSchema({
  optionId: Type.Optional(Type.Array(Id(), { maxItems: 20 })),
  rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
  text: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const CsrfOnlyForm = formSchema({});

export const QuestionForm = formSchema({
  text: field.text('Question', 'Enter the question', 300),
  minutes: Type.Integer({
    title: 'Minutes',
    errorMessage: 'Enter the minutes as a whole number from 1 to 120',
    minimum: 1,
    maximum: 120,
  }),
});

export const AnswerForm = formSchema({
  body: field.text('Your answer', 'Enter your answer', 500),
});

export const MoveForm = formSchema({
  answerId: field.id('Answer', 'Select an answer'),
  themeId: field.id('Theme', 'Select the theme to move the answer to'),
});

export const ThemeTitleForm = formSchema({
  title: field.text('Theme', 'Enter the theme', 200),
});

export const EngagementQuery = querySchema({
  from: Type.Optional(
    Type.String({ format: 'date', title: 'From', errorMessage: 'Enter the start of the period as a real date' }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date', title: 'To', errorMessage: 'Enter the end of the period as a real date' }),
  ),
});
