import { answerQuestion, onAnnouncement } from '../../reactions.ts';
import { bringInFromClosedEvent, linkablePlanOptions } from './consultation.service.ts';

/**
 * What plans does when a lower module tells or asks it something. Called once from buildApp, before
 * the routes: as an event closes, its approved questions and comments become suggestions on the
 * linked plan; the event form's plan choices are the plans an event may be linked to.
 */
export function registerPlanReactions(): void {
  onAnnouncement('event.closed', ({ tx, eventId }) => bringInFromClosedEvent(tx, eventId));
  answerQuestion('plans.linkable', (db, including) => linkablePlanOptions(db, including));
}
