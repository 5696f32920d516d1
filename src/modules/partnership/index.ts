// What other parts of the Hub may use of the partnership module. Everything else in this folder is its own.
export { partnershipRoutes } from './partnership.routes.ts';
export { getPartnershipName, listAreas } from './partnership.service.ts';
// Read by the groups and organisations modules (a group's or an organisation's area).
export { areaName, findArea } from './areas.reads.ts';
// First-run setup (accounts) names the partnership.
export { namePartnershipOnce } from './partnership.service.ts';
