/**
 * Which issue fields to ask for. Search returns only `id` unless told otherwise, and every extra
 * field costs payload, so the list is exactly what join/rules read (CONTRACT §7).
 */
import { ConfigError } from '../../errors.ts';
import type { JiraField } from './schema.ts';

export const BASE_FIELDS = ['summary', 'status', 'created', 'updated', 'resolutiondate', 'issuelinks'] as const;

export type FieldRole = 'reviewer' | 'followUp';

/** True when the configured value is already a field id and needs no lookup. */
export function isFieldId(value: string): boolean {
  return /^customfield_\d+$/.test(value) || (BASE_FIELDS as readonly string[]).includes(value);
}

/**
 * Resolve configured fields (id or display name) against GET /rest/api/3/field.
 * Ids are checked too: an id that names no field would otherwise be silently absent from every issue.
 */
export function resolveFields(
  configured: Partial<Record<FieldRole, string>>,
  catalogue: readonly JiraField[],
  configFile: string,
): Partial<Record<FieldRole, string>> {
  const resolved: Partial<Record<FieldRole, string>> = {};
  for (const role of ['reviewer', 'followUp'] as const) {
    const wanted = configured[role]?.trim();
    if (!wanted) continue;
    const byId = catalogue.find((field) => field.id === wanted || field.key === wanted);
    if (byId) {
      resolved[role] = byId.id;
      continue;
    }
    const byName = catalogue.filter((field) => field.name?.toLowerCase() === wanted.toLowerCase());
    if (byName.length === 1 && byName[0]) {
      resolved[role] = byName[0].id;
      continue;
    }
    const key = `jira.fields.${role}`;
    if (byName.length > 1) {
      throw new ConfigError('config-jira-field', `${byName.length} Jira fields are named "${wanted}": ${byName.map((f) => f.id).join(', ')}`, {
        where: configFile,
        key,
        fix: `use the field id instead of the name, e.g. ${key}: ${byName[0]?.id}`,
      });
    }
    throw new ConfigError('config-jira-field', `Jira has no field "${wanted}" visible to the API user`, {
      where: configFile,
      key,
      fix: 'find the id with GET /rest/api/3/field (see docs/jira.md) and put it here, e.g. customfield_10100',
    });
  }
  return resolved;
}

export function requestedFields(resolved: Partial<Record<FieldRole, string>>): string[] {
  const extra = [resolved.reviewer, resolved.followUp].filter((id): id is string => id !== undefined);
  return [...new Set([...BASE_FIELDS, ...extra])];
}
