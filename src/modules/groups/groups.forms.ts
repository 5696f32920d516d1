import type { Static } from 'typebox';
import { Type } from 'typebox';
import { field, formSchema, Id } from '../../views/forms.ts';
import { CADENCES, GROUP_KINDS, MEMBER_ROLES } from './groups.tables.ts';

export const GroupParams = Type.Object({ groupId: Id() });
export const MemberParams = Type.Object({ groupId: Id(), memberId: Id() });

export const GroupForm = formSchema({
  name: field.text('Group name', 'Enter the name of the group', 120),
  kind: field.choice('Kind of group', 'Select the kind of group', GROUP_KINDS),
  description: field.optionalText('Description', 2000),
  areaId: field.optionalId('Area', 'Select an area from the list'),
  parentGroupId: field.optionalId('Part of', 'Select the group this group is part of from the list'),
  chairPersonId: field.optionalId('Chair', 'Select the chair from the list'),
  cadence: field.choice('How often it meets', 'Select how often the group meets', CADENCES),
  reportsToGroupIds: field.ids('Reports to', 'Select the groups and boards this group reports to from the list'),
});

export const MemberForm = formSchema({
  personId: field.id('Person', 'Select the person to add'),
  role: field.choice('Role in the group', 'Select the person’s role in the group', MEMBER_ROLES),
  organisationId: field.optionalId('Organisation represented', 'Select the organisation they represent from the list'),
  joinedOn: field.optionalDate('Date joined', 'Enter the date they joined as a real date, for example 27/3/2019'),
});

export const LeaveForm = formSchema({
  leftOn: field.optionalDate('Date left', 'Enter the date they left as a real date, for example 27/3/2019'),
});

export const CsrfOnlyForm = formSchema({});

export type GroupInput = Omit<Static<typeof GroupForm>, '_csrf'>;
export type MemberInput = Omit<Static<typeof MemberForm>, '_csrf'>;
