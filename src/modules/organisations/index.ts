// What other parts of the Hub may use of the organisations module. Everything else in this folder is its own.
export { organisationsRoutes } from './organisations.routes.ts';
export { listOrganisationOptions, listPeopleOptions } from './organisations.service.ts';
