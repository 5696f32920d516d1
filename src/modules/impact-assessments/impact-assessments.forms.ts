import { Type } from 'typebox';
import { field, formSchema, idParams, querySchema } from '../../views/forms.ts';
import { MITIGATION_STATUSES } from './impact-assessments.tables.ts';

const SECTION_MAX = 4000;
/** The CONTEST strands a delivery plan action belongs to. */
export const STRANDS = ['prevent', 'pursue', 'protect', 'prepare'] as const;
const REVIEW_DATE = 'Enter the date of the next review, for example 20 6 2017';

export const AssessmentParams = idParams('assessmentId');
export const ActionParams = idParams('assessmentId', 'actionId');

export const DoneQuery = querySchema({
  done: Type.Optional(
    Type.Enum(['started', 'updated', 'action-added', 'action-updated', 'reviewed', 'closed', 'agenda', 'planned']),
  ),
});

export const CompareQuery = querySchema({
  from: Id('Earlier version', 'Select the earlier version'),
  to: Id('Later version', 'Select the later version'),
});

function Id(title: string, errorMessage: string) {
  return Type.Integer({ title, errorMessage, minimum: 1, maximum: 100_000 });
}

const sections = {
  communitiesAffected: field.optionalText('Communities affected', SECTION_MAX),
  perceptions: field.optionalText('Perceptions in communities', SECTION_MAX),
  risks: field.optionalText('Risks to community confidence', SECTION_MAX),
  reviewOn: field.date('Review date', REVIEW_DATE),
  ownerPersonId: field.id('Owner', 'Select the owner of the assessment'),
};

export const NewAssessmentForm = formSchema({
  incidentId: field.optionalId('Incident', 'Select an incident from the list'),
  decisionTitle: field.optionalText('Decision', 200),
  decisionAgendaItemId: field.optionalId('Agenda item number', 'Enter the agenda item number as a whole number'),
  groupIds: field.ids('Groups who see the assessment of a decision', 'Select groups from the list'),
  ...sections,
});

export const SectionsForm = formSchema(sections);

export const MitigationForm = formSchema({
  description: field.text('Action', 'Describe the mitigating action', 1000),
  ownerPersonId: field.optionalId('Owner (person)', 'Select the person from the list'),
  ownerOrganisationId: field.optionalId('Owner (organisation)', 'Select the organisation from the list'),
  dueOn: field.optionalDate('Due date', 'Enter a real due date, for example 20 6 2017'),
  status: field.choice('Status', 'Select the status', MITIGATION_STATUSES),
});

export const ReviewForm = formSchema({
  whatChanged: field.text('What changed since the last review', 'Say what changed since the last review', 2000),
  nextReviewOn: field.date('Next review', REVIEW_DATE),
});

export const CloseForm = formSchema({
  reason: field.text('Why it closes', 'Say why the assessment closes', 1000),
});

export const AgendaForm = formSchema({
  groupId: field.id('Group', 'Select the group whose next meeting should discuss it'),
});

export const PlanActionForm = formSchema({
  planId: field.id('Delivery plan', 'Select the delivery plan'),
  strand: field.choice('CONTEST strand', 'Select the CONTEST strand', STRANDS),
});
