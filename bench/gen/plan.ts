/**
 * The synthetic org behind a benchmark dataset: people, gates, roster and the grants of the
 * quarter. Audit log, ledger and Jira are all written from this one plan so they join the way
 * a real program does (grant actors bypass their gate inside the grant window, reviews exist
 * for most grants).
 */
import { createRandom, type Random } from './random.ts';

export const ZONE = 'America/New_York';
export const ORG = 'synthco';
/** 2026-Q3 in America/New_York: [2026-07-01 00:00 -04:00, 2026-10-01 00:00 -04:00) */
export const PERIOD_START = Date.parse('2026-07-01T04:00:00Z');
export const PERIOD_END = Date.parse('2026-10-01T04:00:00Z');
/**
 * The audit log spans the quarter and the two weeks after it, to as-of (events a grant of the
 * period may still cover, late reviews). It starts on the first UTC day that reaches into the
 * report's window: the report opens no day file wholly before it, so a log that began earlier
 * would have a tier of "1M events" read fewer than 1M.
 */
export const LOG_START = Date.parse('2026-07-01T00:00:00Z');
export const LOG_END = Date.parse('2026-10-15T00:00:00Z');
export const AS_OF = '2026-10-15T00:00:00Z';
export const HOUR = 3_600_000;

export interface Person {
  id: string;
  github: string;
  jira: string;
}

export interface Gate {
  id: string;
  repo: string;
  branch: string;
}

export interface Grant {
  id: string;
  /** person id */
  actor: string;
  gate: Gate;
  scope: 'gate' | 'repo' | 'org-admin';
  at: number;
  /** undefined: no expiresAt (GRANT_TOO_LONG) */
  expiresAt?: number;
  /** undefined: never closed */
  closedAt?: number;
  justification: string;
  incident: string;
  /** Jira key; '' when the grant names none */
  review: string;
  /** false: the key names a ticket that does not exist */
  reviewExists: boolean;
  approver: string;
}

export interface Plan {
  people: Person[];
  bots: string[];
  gates: Gate[];
  /** repos with no gate: everyday noise and a few unsanctioned bypasses land here */
  otherRepos: string[];
  roster: { person: string; gates: string[] }[];
  grants: Grant[];
}

const REPOS = ['payments', 'ledger-service', 'web', 'infra', 'mobile', 'api-gateway', 'search', 'billing'];
const OTHER_REPOS = ['docs', 'design-system', 'data-pipeline', 'sandbox', 'handbook'];
const REASONS = ['Hotfix: card authorisation timeouts', 'Revert a bad migration', 'Certificate rotation', 'Incident rollback', 'Unblock a release', 'Security patch'];

export function makePlan(uses: number, seed: string): Plan {
  const random = createRandom(`${seed}:plan`);
  const peopleCount = Math.min(400, Math.max(12, Math.round(uses / 25)));
  const people: Person[] = Array.from({ length: peopleCount }, (_, i) => ({
    id: `p${String(i).padStart(3, '0')}`,
    github: `dev${String(i).padStart(3, '0')}-gh`,
    jira: `5b10ac8d82e0${(0x5b22cc7d4000 + i).toString(16)}`,
  }));
  const gates: Gate[] = [];
  for (const repo of REPOS) {
    gates.push({ id: `${repo}-main`, repo: `${ORG}/${repo}`, branch: 'main' });
    if (repo === 'payments' || repo === 'web') gates.push({ id: `${repo}-release`, repo: `${ORG}/${repo}`, branch: 'release' });
  }
  // Most people may break glass somewhere; a few grants go to people with no roster entry.
  const roster = people
    .filter((_, i) => i % 10 !== 9)
    .map((p, i) => ({ person: p.id, gates: i % 7 === 0 ? ['*'] : [gates[i % gates.length]!.id, gates[(i * 3 + 1) % gates.length]!.id] }));
  const grants = makeGrants(random, uses, people, gates, roster);
  return { people, bots: ['release-bot', 'terraform-bot', 'dependabot[bot]'], gates, otherRepos: OTHER_REPOS.map((r) => `${ORG}/${r}`), roster, grants };
}

function makeGrants(random: Random, count: number, people: Person[], gates: Gate[], roster: Plan['roster']): Grant[] {
  const times = Array.from({ length: count }, () => PERIOD_START + Math.floor(random.next() * (PERIOD_END - PERIOD_START - 12 * HOUR))).sort((a, b) => a - b);
  const byId = new Map(gates.map((g) => [g.id, g]));
  return times.map((at, i) => {
    const entry = roster[random.int(0, roster.length - 1)]!;
    // 3 % of grants go to someone off the roster (NOT_PREAUTHORIZED)
    const actor = random.chance(0.03) ? people[people.length - 1]!.id : entry.person;
    const allowed = entry.gates[0] === '*' ? gates : entry.gates.map((id) => byId.get(id)!);
    const hours = random.chance(0.05) ? random.int(9, 24) : random.int(1, 8);
    const expiresAt = random.chance(0.03) ? undefined : at + hours * HOUR;
    const closedAt = random.chance(0.9) ? at + Math.floor(random.next() * hours * HOUR) + 10 * 60_000 : undefined;
    const scopeDraw = random.next();
    const hasReview = random.chance(0.96);
    return {
      id: `BG-${String(i + 1).padStart(6, '0')}`,
      actor,
      gate: random.pick(allowed),
      scope: scopeDraw < 0.95 ? 'gate' : scopeDraw < 0.98 ? 'repo' : 'org-admin',
      at,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(closedAt === undefined ? {} : { closedAt }),
      justification: random.chance(0.03) ? '' : `${random.pick(REASONS)} (#${i + 1})`,
      incident: random.chance(0.04) ? '' : `INC-${20000 + i}`,
      review: hasReview ? `BGR-${i + 1}` : '',
      reviewExists: hasReview && random.chance(0.97),
      approver: random.pick(people).id,
    };
  });
}
