// What other parts of the Hub may use of the training module. Everything else in this folder is its own.
export { trainingRoutes } from './training.routes.ts';
