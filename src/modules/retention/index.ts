// What other parts of the Hub may use of the retention module: its page, and its daily job.
export { retentionRoutes } from './retention.routes.ts';
export { retentionJob } from './retention.service.ts';
