import type { CurrentUser } from '../../auth/sessions.ts';
import type { Queryable } from '../../db/client.ts';
import { NotFoundError } from '../../errors.ts';
import {
  checkCanSeeIncident,
  incidentHeading,
  incidentSummaries,
  incidentsVisibleTo as visibleIncidents,
  type IncidentSummary,
} from '../tension/index.ts';

/*
 * What a response plan reads of its incident, in one place. The tension module decides who may see
 * an incident (coordinators and the groups named on it), and so who may see its plans.
 */

export type { IncidentSummary };

/** The incident a plan responds to, if the user may see it (NotFoundError, ForbiddenError otherwise). */
export async function visibleIncident(db: Queryable, user: CurrentUser, incidentId: number): Promise<IncidentSummary> {
  await checkCanSeeIncident(db, user, incidentId);
  const [incident] = await incidentSummaries(db, [incidentId]);
  if (!incident) throw new NotFoundError('incident');
  return incident;
}

/** The incident's title and date for a plan's page, if the user may see it (two small reads). */
export async function visibleIncidentHeading(db: Queryable, user: CurrentUser, incidentId: number) {
  await checkCanSeeIncident(db, user, incidentId);
  const incident = await incidentHeading(db, incidentId);
  if (!incident) throw new NotFoundError('incident');
  return incident;
}

/** Of `ids`, the incidents the user may see, by id, with their titles. */
export async function incidentsVisibleTo(db: Queryable, user: CurrentUser, ids: number[]) {
  if (!ids.length) return new Map<number, { id: number; title: string }>();
  const wanted = new Set(ids);
  const visible = await visibleIncidents(db, user);
  return new Map(visible.filter((incident) => wanted.has(incident.id)).map((incident) => [incident.id, incident]));
}

/** Incidents a coordinator may start a plan from (archived ones left out), newest first. */
export async function incidentOptions(db: Queryable, user: CurrentUser) {
  return (await visibleIncidents(db, user)).map((i) => ({ id: i.id, name: i.title }));
}
