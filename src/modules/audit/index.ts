// What other parts of the Hub may use of the audit module. Everything else in this folder is its own.
export { auditRoutes } from './audit.routes.ts';
export { recentFailedSignIns, recordAudit } from './audit.service.ts';
export { checkChain, type ChainCheck } from './audit.chain.ts';
