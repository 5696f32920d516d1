import type { CourseKind } from './training.tables.ts';

/** The partnership's words for training's codes. */
export const COURSE_KIND_LABELS: Record<CourseKind, string> = {
  prevent_awareness: 'Prevent awareness',
  wrap_workshop: 'WRAP-style workshop',
  home_office_elearning: 'Home Office e-learning',
  train_the_trainer: 'Train the Trainer (Prevent Champions)',
  other: 'Other',
};

export const SESSION_STATUS_LABELS: Record<string, string> = { scheduled: 'Scheduled', cancelled: 'Cancelled' };
export const REQUEST_STATUS_LABELS: Record<string, string> = {
  open: 'Waiting',
  scheduled: 'Session scheduled',
  declined: 'Declined',
};
export const REQUEST_SOURCE_LABELS: Record<string, string> = { member: 'Partner', live_event: 'Live event' };

/** What a delegate is told before giving contact details. */
export const KNOWINGLY =
  'You are giving your name and contact details so that the Prevent coordinator can reply about training. ' +
  'They are kept apart from the questions, comments and votes of this event, which stay anonymous, and are not linked to them.';
