// What other parts of the Hub may use of the threat-level module. Everything else in this folder is its own.
export { threatLevelRoutes } from './threat-level.routes.ts';
