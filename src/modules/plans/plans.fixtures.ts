/** Test data for the plans tests: an owner group, its coordinator and a small plan made through the service. */
import { createUser, type TestHub } from '../../../test/helpers.ts';
import type { CurrentUser } from '../../auth/sessions.ts';
import type { Role } from '../accounts/accounts.tables.ts';
import { group, member, organisation } from '../meetings/meetings.fixtures.ts';
import { createAction, createObjective, createPlan, type ActionInput } from './plans.service.ts';

/** A user as the services see them, for calling services directly. */
export async function serviceUser(hub: TestHub, role: Role, groupIds: number[] = []): Promise<CurrentUser> {
  const user = await createUser(hub, role);
  for (const groupId of groupIds) await member(hub, groupId, user.personId);
  return {
    accountId: user.accountId,
    personId: user.personId,
    name: `Test ${role}`,
    email: user.email,
    role,
    mustChangePassword: false,
    groupIds,
  };
}

let counter = 0;

/**
 * A draft strategic plan owned by a new Steering group with two objectives and three actions
 * (1, 2 and 3: Prevent, Prevent and Protect), led by a new council. Returns everything made.
 */
export async function samplePlan(hub: TestHub, coordinator?: CurrentUser, extraActions: ActionInput[] = []) {
  counter += 1;
  const steering = await group(hub, 'quarterly', `Prevent Steering Group ${counter}`);
  const user = coordinator ?? (await serviceUser(hub, 'coordinator', [steering.id]));
  const council = await organisation(hub, `Test Borough Council ${counter}`);
  const planId = await createPlan(hub.database.db, user, {
    title: `Prevent Strategic Action Plan ${counter}`,
    kind: 'strategic',
    periodStart: '2026-04-01',
    periodEnd: '2027-03-31',
    ownerGroupId: steering.id,
  });
  const awareness = await createObjective(hub.database.db, user, planId, {
    title: 'Raise awareness of Prevent',
    strand: 'prevent',
  });
  const places = await createObjective(hub.database.db, user, planId, {
    title: 'Protect crowded places',
    strand: 'protect',
  });
  const actions: ActionInput[] = [
    {
      title: 'WRAP training for frontline staff',
      strand: 'prevent',
      objectiveId: awareness,
      leadOrganisationId: council.id,
      dueOn: '2027-03-31',
    },
    {
      title: 'Awareness sessions for councillors',
      strand: 'prevent',
      objectiveId: awareness,
      leadOrganisationId: council.id,
      dueOn: '2026-12-31',
    },
    { title: 'Review security at public events', strand: 'protect', objectiveId: places, dueOn: '2027-01-31' },
    ...extraActions,
  ];
  const actionIds: number[] = [];
  for (const input of actions)
    actionIds.push(await hub.database.db.transaction((tx) => createAction(tx, { user }, planId, input)));
  return { planId, steering, council, coordinator: user, objectiveIds: [awareness, places], actionIds };
}
