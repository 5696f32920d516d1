// What other parts of the Hub may use of the backups module: its pages, for the app to register.
export { backupsRoutes } from './backups.routes.ts';
