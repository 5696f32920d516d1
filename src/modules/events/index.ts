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
