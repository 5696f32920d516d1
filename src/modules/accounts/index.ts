// What other parts of the Hub may use of the accounts module. Everything else in this folder is its own.
export { accountsRoutes, setSessionCookie } from './accounts.routes.ts';
