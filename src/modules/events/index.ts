// What other parts of the Hub may use of the events module. Everything else in this folder is its own.
export { eventsRoutes } from './events.routes.ts';
export { moderationRoutes } from './moderation.routes.ts';
export { pollsRoutes } from './polls.routes.ts';
export {
  approvedItemsOf,
  eventItemNotWithheld,
  eventTitle,
  eventsLinkedToPlan,
  planOfEvent,
} from './consultation.reads.ts';
// The engagement log (src/pages/engagement.page.ts) gathers events' entries with other modules'.
export {
  eventEngagementEntries,
  periodFrom,
  summariseEngagement,
  type EngagementEntry,
  type EngagementLog,
  type EngagementPeriod,
} from './engagement.service.ts';
export { EngagementQuery } from './polls.forms.ts';
export { EVENT_AUDIENCES, type EventAudience } from './events.tables.ts';
export { eventChoices, eventExists, type EventChoice } from './choices.reads.ts';
// A delegate-facing route in another module (the training request form) finds its event the same
// way the delegate pages do, so wrong codes count against their source.
export { eventForDelegate } from './delegate-doors.ts';
// What a board paper can quote from this module (src/modules/papers gathers every module's blocks).
export { engagementBlock } from './events.blocks.ts';
// The retention page and its daily job reduce closed events past their period.
export { eventIdsDueReduction, eventsDueReduction, reduceEvent, type EventReduction } from './retention.ts';
