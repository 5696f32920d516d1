/** Labels and formats shared by every page. Values are stored as snake_case codes; people read words. */
const LABELS: Record<string, string> = {
  local_authority: 'Local authority',
  police: 'Police',
  prisons: 'Prisons',
  probation: 'Probation',
  health: 'Health',
  education: 'Education',
  faith_and_community: 'Faith and community',
  voluntary_and_community: 'Voluntary and community sector',
  other: 'Other',
  gold: 'Gold group',
  silver: 'Silver group',
  executive: 'Executive group',
  steering: 'Steering group',
  operational_leads: 'Operational leads group',
  channel_panel: 'Channel panel',
  community_reference: 'Community reference group',
  forum: 'Forum',
  network: 'Network',
  board: 'Board',
  weekly: 'Weekly',
  monthly: 'Monthly',
  bimonthly: 'Every two months',
  quarterly: 'Quarterly',
  six_monthly: 'Every six months',
  annual: 'Annual',
  ad_hoc: 'Ad hoc',
  chair: 'Chair',
  vice_chair: 'Vice chair',
  secretary: 'Secretary',
  member: 'Member',
  administrator: 'Administrator',
  coordinator: 'Coordinator',
  viewer: 'Viewer',
  scheduled: 'Scheduled',
  held: 'Held',
  cancelled: 'Cancelled',
  present: 'Present',
  apologies: 'Apologies',
  absent: 'Absent',
  noted: 'Noted',
  approved: 'Approved',
  approved_with_changes: 'Approved with changes',
  deferred: 'Deferred',
  everyone: 'Everyone signed in',
  // Delivery plans.
  strategic: 'Strategic action plan',
  operational: 'Operational action plan',
  delivery: 'Delivery plan',
  draft: 'Draft',
  in_consultation: 'In consultation',
  superseded: 'Superseded',
  prevent: 'Prevent',
  pursue: 'Pursue',
  protect: 'Protect',
  prepare: 'Prepare',
  not_started: 'Not started',
  on_track: 'On track',
  at_risk: 'At risk',
  blocked: 'Blocked',
  completed: 'Completed',
  red: 'Red',
  amber: 'Amber',
  green: 'Green',
  complete: 'Complete',
  comment: 'Comment',
  amendment: 'Proposed amendment',
  new_action: 'Proposed new action',
  accepted: 'Accepted',
  accepted_with_changes: 'Accepted with changes',
  declined: 'Declined',
  groups: 'Members of named groups',
  // Events: kinds, audiences reached, what delegates send and what became of it.
  conference: 'Conference',
  awareness_event: 'Awareness event',
  community_forum: 'Community forum',
  workshop: 'Workshop',
  qa_panel: 'Question and answer panel',
  councillors: 'Councillors',
  young_people: 'Young people',
  women: 'Women',
  faith_communities: 'Faith communities',
  schools: 'Schools',
  non_school_youth_settings: 'Youth settings outside school',
  frontline_staff: 'Frontline staff',
  public: 'The public',
  open: 'Open',
  closed: 'Closed',
  question: 'Question',
  pending: 'Waiting for moderation',
  shown: 'Shown',
  hidden: 'Hidden',
  answered: 'Answered',
  merged: 'Merged',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  rating: 'Rating',
  open_text: 'Open text',
};

export const label = (code: unknown): string =>
  typeof code === 'string' ? (LABELS[code] ?? code.charAt(0).toUpperCase() + code.slice(1).replaceAll('_', ' ')) : '';

// Formatters are built once: constructing an Intl.DateTimeFormat costs more than formatting with it.
const LONDON = 'Europe/London';
const longDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: LONDON });
const clockTime = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: LONDON,
});
const isoDay = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: LONDON,
});
const isoClock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: LONDON });

function toDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' && value)
    return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return null;
}

/** "15 December 2017" */
export function formatDate(value: unknown): string {
  const date = toDate(value);
  return date ? longDate.format(date) : '';
}

/** "15 December 2017, 2:00pm" */
export function formatDateTime(value: unknown): string {
  const date = toDate(value);
  if (!date) return '';
  return `${longDate.format(date)}, ${clockTime.format(date).replace(' ', '').toLowerCase()}`;
}

/** Value for <input type="date">. */
export function isoDate(value: unknown): string {
  const date = toDate(value);
  return date ? isoDay.format(date) : '';
}

/** Value for <input type="time">. */
export function isoTime(value: unknown): string {
  const date = toDate(value);
  return date ? isoClock.format(date) : '';
}

/**
 * "2026-05-20 14:35", London time: exports give times to the minute, never the second, so a
 * row cannot be matched to a request in a server log.
 */
export function minuteStamp(value: unknown): string {
  const date = toDate(value);
  return date ? `${isoDay.format(date)} ${isoClock.format(date)}` : '';
}

export function fileSize(bytes: unknown): string {
  const n = Number(bytes);
  if (!Number.isFinite(n)) return '';
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Items for a GOV.UK select/radios from a list of codes. */
export function optionsFrom(codes: readonly string[], selected?: unknown, blank?: string) {
  const items = codes.map((code) => ({
    value: code,
    text: label(code),
    selected: code === selected,
    checked: code === selected,
  }));
  return blank === undefined ? items : [{ value: '', text: blank }, ...items];
}
