// What other parts of the Hub may use of the organisations module. Everything else in this folder is its own.
export { organisationsRoutes } from './organisations.routes.ts';
export { listOrganisationOptions, listPeopleOptions } from './organisations.service.ts';
// Read by the groups module (members and chairs) and the search page.
export { findPerson, organisationExists, organisationNames, peopleNames } from './members.reads.ts';
export { searchOrganisations, searchPeople } from './search.reads.ts';
// The person page (src/pages/person.page.ts).
export { getPerson } from './organisations.service.ts';
export { DoneQuery, PersonParams } from './organisations.forms.ts';
// Read by the meetings module (calendar feeds).
export { calendarTokenOf, personWithCalendarToken, setCalendarToken } from './calendar-token.reads.ts';
// A person's name inside another module's query (plans: an action's lead, a plan's owner).
export { personName } from './names.ts';
export { organisationName } from './organisation-name.reads.ts';
// First-run setup and new accounts (accounts) record a person.
export { insertPerson } from './people.writes.ts';
export { allOrganisations, currentPeople } from './directory.reads.ts';
// Read by the accounts module: who an account is, or could be, for.
export {
  currentPeopleByEmail,
  currentPeopleWithOrganisation,
  personOrganisationName,
  personRecord,
} from './account-holders.reads.ts';
