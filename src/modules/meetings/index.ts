// What other parts of the Hub may use of the meetings module. Everything else in this folder is its own.
export { meetingsRoutes } from './meetings.routes.ts';
export { listMeetingsOfGroup, openActionsForPerson, upcomingMeetingsForPerson } from './meetings.service.ts';
