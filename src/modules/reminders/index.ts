// What other parts of the Hub may use of the reminders module. Everything else in this folder is its own.
// A person's email preferences (wired in src/app.ts).
export { reminderRoutes } from './reminders.routes.ts';
// The daily reminders and the weekly digest (listed in src/app.ts with the Hub's scheduled jobs).
export { planRemindersJob } from './plan-reminders.job.ts';
export { weeklyDigestJob } from './weekly-digest.job.ts';
