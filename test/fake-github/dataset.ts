/** Builders for fake GitHub data, shaped like the documented payloads (used by tests and bench/). */
import type { FakePullRequest } from './graphql.ts';
import type { AuditRecord } from './phrase.ts';

/** An audit-log entry as the REST API returns it (org audit log, web event). */
export function auditEntry(n: number, action: string, createdAt: number, extra: AuditRecord = {}): AuditRecord {
  return {
    '@timestamp': createdAt,
    action,
    actor: `user${n % 7}`,
    actor_id: 1000 + (n % 7),
    business: 'acme-inc',
    created_at: createdAt,
    operation_type: action.endsWith('.create') ? 'create' : action.endsWith('.destroy') ? 'remove' : 'modify',
    org: 'acme',
    repo: 'acme/payments',
    user_agent: 'Mozilla/5.0',
    _document_id: `doc-${String(n).padStart(6, '0')}`,
    ...(action === 'protected_branch.policy_override' ? { branch: 'refs/heads/main', overridden_codes: ['required_status_checks'] } : { name: 'main' }),
    ...extra,
  };
}

/** A rule suite as `GET /orgs/{org}/rulesets/rule-suites` returns it. */
export function ruleSuite(id: number, pushedAt: number, result = 'bypass'): Record<string, unknown> {
  return {
    id,
    actor_id: 1001,
    actor_name: 'user1',
    before_sha: '0'.repeat(40),
    after_sha: 'f'.repeat(40),
    ref: 'refs/heads/main',
    repository_id: 42,
    repository_name: 'payments',
    pushed_at: new Date(pushedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    result,
    evaluation_result: result === 'bypass' ? 'fail' : result,
  };
}

export function pullRequest(repo: string, number: number, mergedAt: number | null, baseRefName = 'main'): FakePullRequest {
  return {
    repo,
    number,
    mergedAt: mergedAt === null ? null : new Date(mergedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    mergedBy: mergedAt === null ? null : `merger${number % 3}`,
    baseRefName,
  };
}
