// What other parts of the Hub may use of the resources module. Everything else in this folder is its own.
export { resourcesRoutes } from './resources.routes.ts';
