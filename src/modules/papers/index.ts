// What other parts of the Hub may use of the papers module (board papers written from live data,
// agenda packs and minutes). Everything else in this folder is its own.
export { papersRoutes } from './papers.routes.ts';
// The meeting page (src/pages/meeting.page.ts): when each agenda item's paper is due, and whether it is late.
export { agendaPapersDue } from './late.service.ts';
// The meeting page links to the agenda pack for those who may read it.
export { canReadMeetingPapers } from './papers.policy.ts';
// The meeting page: when its agenda and papers were last emailed to the group, or why they cannot be.
export { lastCirculation, whyCannotCirculate } from './circulation.service.ts';
