/**
 * The API user's zone (JQL dates are read in it) and the configured fields' ids, reused from
 * `state.json` so that a rerun does not spend two requests on them. Looked up when absent, when
 * `jira.fields` changed in the config (field ids only), and at the daily refresh (state.ts).
 *
 * A stale zone is tolerable for a day: the JQL window is widened by 24 h on each side
 * (jql-window.ts) and the exact cut is made in UTC, so a profile zone changed since the last
 * lookup shifts the JQL dates by hours at most and still covers the window.
 */
import type { CloudClient } from 'jira.js';
import { IANAZone } from 'luxon';
import { ShapeError } from '../../errors.ts';
import { isFieldId, resolveFields, type FieldRole } from './fields.ts';
import { fieldListSchema, myselfSchema } from './schema.ts';
import type { StoredJiraState } from './state.ts';

export interface JiraMetadata {
  timeZone: string;
  fieldIds: Partial<Record<FieldRole, string>>;
  configuredFields: Partial<Record<FieldRole, string>>;
}

/** The config's `jira.fields` without blank values, so `{ reviewer: '' }` and `{}` compare equal. */
export function configuredFieldsOf(fields: Partial<Record<FieldRole, string | undefined>>): Partial<Record<FieldRole, string>> {
  const out: Partial<Record<FieldRole, string>> = {};
  for (const role of ['reviewer', 'followUp'] as const) {
    const value = fields[role]?.trim();
    if (value) out[role] = value;
  }
  return out;
}

function sameRoles(a: Partial<Record<FieldRole, string>> | undefined, b: Partial<Record<FieldRole, string>>): boolean {
  return a !== undefined && a.reviewer === b.reviewer && a.followUp === b.followUp;
}

export async function loadMetadata(
  jira: CloudClient,
  previous: StoredJiraState,
  configured: Partial<Record<FieldRole, string | undefined>>,
  configFile: string,
  refresh: boolean,
  progress: (message: string) => void,
): Promise<JiraMetadata> {
  const wanted = configuredFieldsOf(configured);

  let timeZone = previous.timeZone;
  if (refresh || !timeZone || !IANAZone.isValidZone(timeZone)) {
    const myself = myselfSchema.safeParse(await jira.myself.getCurrentUser());
    if (!myself.success || !IANAZone.isValidZone(myself.data.timeZone)) {
      throw new ShapeError('jira-myself', 'GET /rest/api/3/myself gave no usable timeZone', { where: 'GET /rest/api/3/myself', fix: "set a time zone in the API user's Jira profile" });
    }
    timeZone = myself.data.timeZone;
  }

  if (Object.keys(wanted).length === 0) return { timeZone, fieldIds: {}, configuredFields: wanted };
  const cached = previous.fieldIds;
  const reusable =
    !refresh &&
    cached !== undefined &&
    sameRoles(previous.configuredFields, wanted) &&
    (['reviewer', 'followUp'] as const).every((role) => (wanted[role] === undefined) === (cached[role] === undefined));
  if (reusable) return { timeZone, fieldIds: cached, configuredFields: wanted };

  // Ids are checked against the catalogue too: an id that names no field would otherwise be
  // silently absent from every issue.
  const catalogue = fieldListSchema.safeParse(await jira.issueFields.getFields());
  if (!catalogue.success) throw new ShapeError('jira-shape', 'unexpected answer from Jira', { where: 'GET /rest/api/3/field', fix: 'check that jira.host is a Jira Cloud site' });
  const fieldIds = resolveFields(wanted, catalogue.data, configFile);
  for (const role of ['reviewer', 'followUp'] as const) {
    const value = wanted[role];
    if (value && !isFieldId(value)) progress(`jira: field "${value}" is ${fieldIds[role]}`);
  }
  return { timeZone, fieldIds, configuredFields: wanted };
}
