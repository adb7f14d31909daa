/** Builders for fake Jira issues (tests and bench). Times are epoch ms; the server renders them. */
import type { FakeHistory, FakeIssue } from './server.ts';

/** Deterministic numeric id from the key, so two fake sites built alike answer byte for byte alike. */
function idOf(key: string): string {
  const [project = '', number = '0'] = key.split('-');
  return String(Number.parseInt(project, 36) * 100_000 + Number(number));
}

export interface IssueSpec {
  key: string;
  updated: number;
  created?: number;
  /** number of changelog histories; the last one moves the issue to Done */
  histories?: number;
  statusId?: string;
  custom?: Record<string, unknown>;
  issuelinks?: unknown[];
}

export function fakeIssue(spec: IssueSpec): FakeIssue {
  const id = idOf(spec.key);
  const created = spec.created ?? spec.updated - 3_600_000;
  const count = spec.histories ?? 2;
  const histories: FakeHistory[] = [];
  for (let i = 0; i < count; i += 1) {
    const at = created + Math.round(((spec.updated - created) * (i + 1)) / count);
    const last = i === count - 1;
    histories.push({
      id: String(Number(id) * 100 + i),
      created: at,
      author: { accountId: `acct-${i % 3}`, displayName: `User ${i % 3}` },
      items: last
        ? [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '3', fromString: 'In Progress', to: '10001', toString: 'Done' }]
        : [{ field: 'Reviewer', fieldtype: 'custom', fieldId: 'customfield_10100', from: null, fromString: null, to: `acct-${i}`, toString: `User ${i}` }],
    });
  }
  const issue: FakeIssue = {
    id,
    key: spec.key,
    summary: `Break-glass review ${spec.key}`,
    created,
    updated: spec.updated,
    statusId: spec.statusId ?? (count > 0 ? '10001' : '10000'),
    histories,
  };
  if (spec.custom) issue.custom = spec.custom;
  if (spec.issuelinks) issue.issuelinks = spec.issuelinks;
  if (count > 0 && issue.statusId === '10001') issue.resolutiondate = spec.updated;
  return issue;
}

/** `count` issues `PROJECT-<first..>` updated every `stepMs` from `start`. */
export function fakeIssues(project: string, count: number, start: number, stepMs: number, first = 100, histories = 2): FakeIssue[] {
  return Array.from({ length: count }, (_, i) => fakeIssue({ key: `${project}-${first + i}`, updated: start + i * stepMs, histories }));
}
