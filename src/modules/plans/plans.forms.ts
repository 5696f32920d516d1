import type { Static } from 'typebox';
import { Type } from 'typebox';
import { field, formSchema, Id, querySchema } from '../../views/forms.ts';
import { ACTION_STATES, PLAN_KINDS, STRANDS } from './plans.tables.ts';

const id = () => Id();

export const PlanParams = Type.Object({ planId: id() });
export const ActionParams = Type.Object({ actionId: id() });

/** Set after a change, so the page can say what was done. */
export const DoneQuery = querySchema({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** A new plan action from a meeting's action arising: the plan is chosen on the form. */
export const FromMeetingQuery = querySchema({ actionArisingId: id() });

export const PlanForm = formSchema({
  title: field.text('Plan title', 'Enter the title of the plan', 200),
  kind: field.choice('Kind of plan', 'Select the kind of plan', PLAN_KINDS),
  summary: field.optionalText('Summary', 4000),
  periodStart: field.date('Start of the period', 'Enter the start of the period as a real date, for example 1/4/2026'),
  periodEnd: field.date('End of the period', 'Enter the end of the period as a real date, for example 31/3/2027'),
  ownerGroupId: field.id('Owner group', 'Select the group that owns the plan'),
  ownerOrganisationId: field.optionalId('Partner whose own plan it is', 'Select the organisation from the list'),
});

export const ObjectiveForm = formSchema({
  title: field.text('Objective', 'Enter the objective', 300),
  strand: Type.Optional(field.choice('CONTEST strand', 'Select a CONTEST strand from the list', STRANDS)),
});

const actionFields = {
  reference: Type.Optional(
    Type.String({
      title: 'Reference',
      errorMessage: 'Enter a reference of 20 characters or fewer, like 2.3',
      maxLength: 20,
    }),
  ),
  title: field.text('Action', 'Enter what the action is', 300),
  description: field.optionalText('Description', 4000),
  strand: field.choice('CONTEST strand', 'Select the CONTEST strand the action serves', STRANDS),
  objectiveId: field.optionalId('Objective', 'Select an objective of this plan from the list'),
  leadOrganisationId: field.optionalId('Lead organisation', 'Select the lead organisation from the list'),
  leadPersonId: field.optionalId('Lead officer', 'Select the lead officer from the list'),
  partnerOrganisationIds: field.ids('Partners', 'Select the partners from the list'),
  startOn: field.optionalDate('Start date', 'Enter the start date as a real date, for example 1/4/2026'),
  dueOn: field.optionalDate('Due date', 'Enter the due date as a real date, for example 31/3/2027'),
  ctlpDocumentId: field.optionalId('CTLP document', 'Select a CTLP document from the list'),
  ctlpReference: field.optionalText('Risk or theme in the CTLP', 200),
  decisionAgendaItemId: field.optionalId('Meeting decision', 'Select the meeting decision from the list'),
  actionArisingId: field.optionalId('Action arising', 'The action arising this came from no longer exists'),
  implementsActionIds: field.ids('Strategic actions it implements', 'Select strategic actions from the list'),
  sourceActionId: field.optionalId('Brought in from', 'Select the action it was brought in from from the list'),
  sourceLabel: field.optionalText('Outside plan it comes from', 200),
};

export const ActionForm = formSchema(actionFields);

/** The same, with the plan chosen on the form (an action arising from a meeting). */
export const ActionInPlanForm = formSchema({
  planId: field.id('Plan', 'Select the plan to add the action to'),
  ...actionFields,
});

export const BringInForm = formSchema({
  sourceActionId: field.id('Action to bring in', 'Select the action to bring in'),
  reference: actionFields.reference,
  objectiveId: actionFields.objectiveId,
});

export const ProgressForm = formSchema({
  state: field.choice('State', 'Select the state of the action', ACTION_STATES),
  note: field.text('Progress', 'Enter what has happened since the last update', 4000),
});

export const WithdrawForm = formSchema({
  reason: field.text('Reason', 'Enter why the action is being withdrawn', 1000),
});

export type PlanFormInput = Omit<Static<typeof PlanForm>, '_csrf'>;
export type ActionFormInput = Omit<Static<typeof ActionForm>, '_csrf'>;
