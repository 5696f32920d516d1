// What other parts of the Hub may use of the tension module. Everything else in this folder is its own.
export { tensionRoutes } from './tension.routes.ts';
