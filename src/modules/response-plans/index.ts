// What other parts of the Hub may use of the response-plans module. Everything else in this folder is its own.
export { responsePlanRoutes } from './response-plans.routes.ts';
