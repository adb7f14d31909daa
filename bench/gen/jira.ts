/**
 * `jira/issues.ndjson` (REST v3 shape with the full changelog) and `jira/statuses.json` for the
 * plan's review keys: most reviews done within a few days, some late, some still open, a few
 * reopened; reviewer and follow-up custom fields as configured in the generated config.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from './random.ts';
import { HOUR, ZONE, type Plan } from './plan.ts';

export const REVIEWER_FIELD = 'customfield_10100';
export const FOLLOW_UP_FIELD = 'customfield_10101';

export const STATUSES = [
  { id: '10000', name: 'To Do', statusCategory: { id: 2, key: 'new', name: 'To Do' } },
  { id: '3', name: 'In Review', statusCategory: { id: 4, key: 'indeterminate', name: 'In Progress' } },
  { id: '10001', name: 'Done', statusCategory: { id: 3, key: 'done', name: 'Done' } },
  { id: '10002', name: 'Reopened', statusCategory: { id: 4, key: 'indeterminate', name: 'In Progress' } },
] as const;

type StatusName = (typeof STATUSES)[number]['name'];
type History = { id: string; author: unknown; created: string; items: Record<string, unknown>[] };
const status = (name: StatusName) => STATUSES.find((s) => s.name === name)!;

/**
 * Jira's timestamp format (`2026-07-06T10:12:33.000-0400`) in the site zone. America/New_York
 * is -04:00 for the whole of the quarter and its review tail (DST ends 2026-11-01), so a fixed
 * offset is exact here and keeps the generator free of zone libraries.
 */
export function jiraTime(ms: number): string {
  if (ZONE !== 'America/New_York' || ms >= Date.parse('2026-11-01T06:00:00Z')) throw new Error('jiraTime assumes EDT');
  return `${new Date(ms - 4 * HOUR).toISOString().slice(0, 23)}-0400`;
}

export function writeJira(archiveDir: string, plan: Plan, seed: string): { issues: number; bytes: number } {
  const random = createRandom(`${seed}:jira`);
  const person = new Map(plan.people.map((p) => [p.id, p]));
  const user = (id: string) => ({ accountId: person.get(id)!.jira, displayName: `Person ${id}`, active: true, accountType: 'atlassian' });
  const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
  const lines: string[] = [];
  let historyId = 500_000;
  plan.grants.forEach((g, i) => {
    if (!g.review || !g.reviewExists) return;
    const created = g.at + 20 * 60_000;
    const reviewer = random.chance(0.04) ? g.actor : random.pick(plan.people).id; // a few self-reviews
    const steps: [number, StatusName, StatusName, string][] = [];
    const inReview = created + random.int(1, 24) * HOUR;
    steps.push([inReview, 'To Do', 'In Review', random.pick(plan.people).id]);
    const outcome = random.next();
    if (outcome < 0.85) {
      // done: mostly inside the 2-business-day SLA, a tail late
      const done = inReview + (random.chance(0.8) ? random.int(1, 40) : random.int(60, 400)) * HOUR;
      steps.push([done, 'In Review', 'Done', reviewer]);
      if (random.chance(0.05)) {
        steps.push([done + 2 * HOUR, 'Done', 'Reopened', random.pick(plan.people).id]);
        steps.push([done + 30 * HOUR, 'Reopened', 'Done', reviewer]);
      }
    }
    const histories: History[] = steps.map(([at, from, to, author]) => ({
      id: String(historyId++),
      author: user(author),
      created: jiraTime(at),
      items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: status(from).id, fromString: from, to: status(to).id, toString: to }],
    }));
    histories.unshift({
      id: String(historyId++), author: user(random.pick(plan.people).id), created: jiraTime(inReview - 60_000),
      items: [{ field: 'Reviewer', fieldtype: 'custom', fieldId: REVIEWER_FIELD, from: null, fromString: null, to: person.get(reviewer)!.jira, toString: `Person ${reviewer}` }],
    });
    const last = steps.at(-1)!;
    const current = status(last[2]);
    const updated = last[0];
    const id = 100_000 + i;
    const links = random.chance(0.3) ? [{ id: String(900_000 + i), type: { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' }, outwardIssue: { id: String(700_000 + i), key: `OPS-${1000 + i}` } }] : [];
    lines.push(JSON.stringify({
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: String(id), self: `https://synthco.atlassian.net/rest/api/3/issue/${id}`, key: g.review,
      fields: {
        summary: `Break-glass review: ${g.id} (${g.gate.id})`,
        status: { self: `https://synthco.atlassian.net/rest/api/3/status/${current.id}`, description: '', name: current.name, id: current.id, statusCategory: current.statusCategory },
        created: jiraTime(created), updated: jiraTime(updated),
        resolutiondate: current.name === 'Done' ? jiraTime(updated) : null,
        issuelinks: links,
        [REVIEWER_FIELD]: user(reviewer),
        [FOLLOW_UP_FIELD]: random.chance(0.6) ? adf('Add a regression test and a runbook entry.') : null,
      },
      changelog: { startAt: 0, maxResults: histories.length, total: histories.length, histories },
    }));
  });
  const text = `${lines.join('\n')}\n`;
  mkdirSync(join(archiveDir, 'jira'), { recursive: true });
  writeFileSync(join(archiveDir, 'jira', 'issues.ndjson'), text);
  writeFileSync(join(archiveDir, 'jira', 'statuses.json'), `${JSON.stringify(STATUSES, null, 2)}\n`);
  return { issues: lines.length, bytes: Buffer.byteLength(text) };
}
