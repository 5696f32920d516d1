// What other parts of the Hub may use of the groups module. Everything else in this folder is its own.
export { groupsRoutes } from './groups.routes.ts';
export { groupsOfPerson, listCurrentMembers, listGroupOptions } from './groups.service.ts';
// The group page (src/pages/group.page.ts): the module's part of it, and the leave button on it.
export { groupSummary, leaveGroup } from './groups.service.ts';
export { GroupParams, LeaveForm, MemberParams } from './groups.forms.ts';
// Read by the meetings and documents modules (a group's name, archived groups included).
export { groupNames } from './names.reads.ts';
// Read by the meetings module (a group's cadence, a person's groups).
export { currentGroupIdsOf, groupBasics, type GroupBasics } from './meetings.reads.ts';
// Read by the search page.
export { searchGroups } from './search.reads.ts';
export { groupName } from './group-name.reads.ts';
export { groupChairIds } from './chairs.reads.ts';
