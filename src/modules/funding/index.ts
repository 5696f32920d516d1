// What other parts of the Hub may use of the funding module. Everything else in this folder is its own.
export { fundingRoutes } from './funding.routes.ts';
