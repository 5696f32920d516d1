// What other parts of the Hub may use of the search module. Everything else in this folder is its own.
export { searchRoutes } from './search.routes.ts';
