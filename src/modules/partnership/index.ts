// What other parts of the Hub may use of the partnership module. Everything else in this folder is its own.
export { passwordField } from './partnership.forms.ts';
export { partnershipRoutes } from './partnership.routes.ts';
export { getPartnershipName, listAreas } from './partnership.service.ts';
// Read by the groups module (a group's area).
export { findArea } from './areas.reads.ts';
