// What other parts of the Hub may use of the accounts module. Everything else in this folder is its own.
export { accountsRoutes } from './accounts.routes.ts';
// Read by the events module (helper moderators, who flagged an item).
export { accountNames, enabledAccounts, isEnabledAccount } from './names.reads.ts';
// Read by board papers: who may be named to approve a paper of a group.
export { enabledAccountRoles } from './names.reads.ts';
// Read by the meetings module (a calendar feed works while its person's account does).
export { hasEnabledAccount } from './person-account.reads.ts';
// The name of the person behind an account column inside a query (plans: who wrote, changed, approved).
export { accountName } from './names.ts';
// The first-run setup, and what happens to an account when its person is archived (both wired in src/app.ts).
export { setupRoutes } from './setup.routes.ts';
// Invitations and password reset by single-use link (wired in src/app.ts).
export { passwordLinkRoutes } from './password-links.routes.ts';
export { registerAccountReactions } from './reactions.ts';
