// Every module's tables, gathered for Drizzle's relational queries and for drizzle-kit.
export * from '../modules/partnership/partnership.tables.ts';
export * from '../modules/organisations/organisations.tables.ts';
export * from '../modules/accounts/accounts.tables.ts';
export * from '../modules/groups/groups.tables.ts';
export * from '../modules/meetings/meetings.tables.ts';
export * from '../modules/documents/documents.tables.ts';
export * from '../modules/audit/audit.tables.ts';
export * from '../modules/events/events.tables.ts';
export * from '../modules/plans/plans.tables.ts';
export * from '../live/live.tables.ts';
export * from '../modules/referrals/register.tables.ts';
export * from '../modules/referrals/figures.tables.ts';
export * from '../modules/threat-level/threat-level.tables.ts';
export * from '../modules/resources/resources.tables.ts';
export * from '../modules/tension/tension.tables.ts';
export * from '../modules/training/training.tables.ts';
export * from '../modules/response-plans/response-plans.tables.ts';
