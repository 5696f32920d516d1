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
export { type EngagementEntry, type EngagementPeriod } from './engagement.service.ts';
export { EVENT_AUDIENCES, type EventAudience } from './events.tables.ts';
