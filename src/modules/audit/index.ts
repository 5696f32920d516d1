// What other parts of the Hub may use of the audit module. Everything else in this folder is its own.
export { auditRoutes } from './audit.routes.ts';
export { recentFailedSignIns, recordAudit } from './audit.service.ts';
export { chainExport, checkChain, exportChainHead, type ChainCheck } from './audit.chain.ts';
// The officer who keeps the chain's heads; the backups module emails them the latest one.
export { chainOfficer } from './audit.officer.ts';
