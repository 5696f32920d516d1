// What other parts of the Hub may use of the papers module (board papers written from live data,
// agenda packs and minutes). Everything else in this folder is its own.
export { papersRoutes } from './papers.routes.ts';
