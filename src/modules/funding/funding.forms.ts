import { Type } from 'typebox';
import { field, formSchema, querySchema } from '../../views/forms.ts';
import { EVENT_AUDIENCES } from '../events/index.ts';
import {
  FUNDING_SOURCES,
  PROJECT_STATUSES,
  PROJECT_TYPES,
  PROPOSAL_DECISIONS,
  PROPOSER_KINDS,
  RAG_RATINGS,
} from './funding.tables.ts';
import { QUARTER_PATTERN } from './projects.service.ts';

const REAL_DATE = 'Enter a real date, for example 31 3 2011';
const amount = (title: string, errorMessage: string) =>
  Type.String({ title, errorMessage, pattern: '^£?[0-9][0-9,]{0,11}(\\.[0-9]{1,2})?$', maxLength: 20 });
const count = (title: string) =>
  Type.Optional(
    Type.Integer({ title, errorMessage: 'Enter a whole number from 0 to 100000', minimum: 0, maximum: 100_000 }),
  );

export const DoneQuery = querySchema({ done: Type.Optional(Type.String({ maxLength: 30 })) });

/** The projects page's filters and page: one CTLP risk, one side (city or county), one status. */
export const ProjectsQuery = querySchema({
  risk: Type.Optional(field.id('CTLP risk', 'Choose a CTLP risk from the list')),
  place: Type.Optional(
    Type.Union([Type.Literal('city'), Type.Literal('county')], {
      title: 'Place',
      errorMessage: 'Choose city or county',
    }),
  ),
  status: Type.Optional(field.choice('Status', 'Choose a status from the list', PROJECT_STATUSES)),
  page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100000, title: 'Page', errorMessage: 'Choose a page of projects that exists' }),
  ),
  done: Type.Optional(Type.String({ maxLength: 30 })),
});

export const PotForm = formSchema({
  name: field.text('Name of the pot', 'Enter the name of the pot'),
  source: field.choice('Source', 'Select where the money comes from', FUNDING_SOURCES),
  amount: amount('Amount', 'Enter the amount in pounds, for example 131,000'),
  financialYear: Type.String({
    title: 'Financial year',
    errorMessage: 'Enter the financial year, for example 2010/11',
    pattern: '^[0-9]{4}/[0-9]{2}$',
  }),
  conditions: field.optionalText('Conditions', 2000),
  decidingGroupId: field.id('Deciding group', 'Select the group that decides'),
  claimDeadline: field.optionalDate('Claim deadline', REAL_DATE),
  spendDeadline: field.optionalDate('Spend deadline', REAL_DATE),
});

export const ProposalForm = formSchema({
  title: field.text('Title', 'Enter the title of the proposal'),
  proposerKind: field.choice('Proposed by', 'Select who proposed it', PROPOSER_KINDS),
  proposerOrganisationId: field.optionalId('Organisation', 'Select the organisation'),
  proposerEventId: field.optionalId('Live event', 'Select the live event'),
  proposerPlanId: field.optionalId('Plan consultation', 'Select the plan consultation'),
  proposerReference: field.optionalText('Other source', 200),
  amountAsked: amount('Amount asked', 'Enter the amount asked in pounds, for example 12,500'),
  riskId: field.optionalId('CTLP risk addressed', 'Select a CTLP risk'),
  areaId: field.optionalId('Place addressed', 'Select a place'),
  outcomeSought: field.text('Outcome sought', 'Enter the outcome sought', 2000),
});

export const MeetingChoiceForm = formSchema({
  meetingId: field.id('Meeting', 'Select the meeting'),
});

export const DecisionForm = formSchema({
  decision: field.choice('Decision', 'Select the decision', PROPOSAL_DECISIONS),
  approvedAmount: Type.Optional(amount('Amount approved', 'Enter the amount approved in pounds')),
  reason: field.optionalText('Reason', 2000),
  confirmOvercommit: Type.Optional(Type.Literal('yes', { title: 'Confirm over-commitment' })),
});

export const RiskForm = formSchema({
  reference: field.text('Reference', 'Enter the reference from the CTLP', 40),
  title: field.text('Title', 'Enter the title of the risk', 300),
  documentId: field.optionalId('CTLP document', 'Select the CTLP document'),
});

export const ProjectForm = formSchema({
  title: field.text('Title', 'Enter the title of the project'),
  type: field.choice('Type of project', 'Select the type of project', PROJECT_TYPES),
  potId: field.optionalId('Funding pot', 'Select the pot'),
  proposalId: field.optionalId('Approved proposal', 'Select the proposal'),
  deliveryPartnerId: field.optionalId('Delivery partner', 'Select the delivery partner'),
  budget: amount('Budget', 'Enter the budget in pounds, for example 12,500'),
  riskIds: field.ids('CTLP risks addressed', 'Select the CTLP risks'),
  areaIds: field.ids('Places delivered', 'Select the places'),
  outputs: field.optionalText('Outputs planned', 2000),
});

export const ProgressForm = formSchema({
  status: field.choice('Status', 'Select the status', PROJECT_STATUSES),
  rag: field.choice('RAG rating', 'Select the RAG rating', RAG_RATINGS),
  outputs: field.optionalText('Outputs', 2000),
  outcomes: field.optionalText('Outcomes', 2000),
});

export const SpendForm = formSchema({
  quarter: Type.String({
    title: 'Quarter',
    errorMessage: 'Enter the financial year and quarter, for example 2010/11 Q3',
    pattern: QUARTER_PATTERN,
  }),
  amount: amount('Amount spent', 'Enter the amount spent in pounds'),
});

export const DeliveryForm = formSchema({
  heldOn: field.date('Date delivered', REAL_DATE),
  areaId: field.optionalId('Place', 'Select the place'),
  place: field.optionalText('Venue', 200),
  ...(Object.fromEntries(EVENT_AUDIENCES.map((a) => [a, count(a)])) as Record<
    (typeof EVENT_AUDIENCES)[number],
    ReturnType<typeof count>
  >),
});

export const HostingForm = formSchema({
  organisationId: field.optionalId('Your organisation', 'Select your organisation'),
  areaId: field.optionalId('Area', 'Select the area'),
  place: field.text('Where', 'Enter where the project would be held', 200),
  preferredOn: field.optionalDate('When', REAL_DATE),
  audience: Type.Optional(field.choice('Audience', 'Select the audience', EVENT_AUDIENCES)),
  contact: field.text('Contact', 'Enter a contact name and email or telephone', 300),
});

export const AcceptForm = formSchema({ heldOn: field.date('Date agreed', REAL_DATE) });
export const DeclineForm = formSchema({ reason: field.text('Reason', 'Enter the reason it was declined', 2000) });
