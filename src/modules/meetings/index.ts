// What other parts of the Hub may use of the meetings module. Everything else in this folder is its own.
export { meetingsRoutes } from './meetings.routes.ts';
export { listMeetingsOfGroup, openActionsForPerson, upcomingMeetingsForPerson } from './meetings.service.ts';
// The meeting page (src/pages/meeting.page.ts): the agenda, with papers the documents module supplies.
export {
  addAction,
  addAgendaItem,
  agendaItemPage,
  meetingPage,
  meetingToChange,
  updateAgendaItem,
  type Paper,
  type PaperSource,
} from './meetings.service.ts';
export { attendanceSheet, summariseByOrganisation } from './attendance.service.ts';
export {
  ActionForm,
  AgendaItemEditForm,
  AgendaItemForm,
  ItemParams,
  MeetingParams,
  RecommendationForm,
} from './meetings.forms.ts';
export { MEETING_STATUSES, RECOMMENDATION_DECISIONS, type RecommendationDecision } from './meetings.tables.ts';
// A meeting's recommendations: other modules put their things to a meeting and hear its decision
// ('recommendation.decided' in src/reactions.ts); board papers number theirs from these rows.
export {
  addRecommendation,
  recommendationsFor,
  recommendationsOfMeeting,
  recordRecommendationDecision,
  type MeetingRecommendation,
  type RecommendationSubject,
} from './recommendations.service.ts';
// Read by the events module (an event's linked meeting), and a workshop's minute it writes.
export {
  meetingLabels,
  putMinuteOnAgenda,
  putOnNextAgenda,
  recentMeetings,
  type MeetingLabel,
} from './event-links.reads.ts';
export {
  actionArisingDescriptions,
  actionArisingWithMeeting,
  agendaItemTitles,
  decisionOptions,
  meetingDecision,
} from './plan-links.reads.ts';
// Read by board papers (the papers module): the agenda item a paper is written for, with its meeting.
export { paperAgendaItem, type PaperAgendaItem } from './papers.reads.ts';
// Issuing a board paper makes its document the agenda item's paper.
export { setAgendaItemPaper } from './papers.writes.ts';
// What a board paper can quote from this module (src/modules/papers gathers every module's blocks).
export { previousMeetingBlock } from './meetings.blocks.ts';
