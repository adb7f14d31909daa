/**
 * Appendix: the program as configured — the roster of pre-authorized people, the gates and the
 * audit-log actions counted as bypasses, as the config gave them for this report (the same
 * facts as evidence.json `program`). The first thing an auditor testing "break glass is
 * restricted to pre-authorized people" asks for.
 */
import { githubLogins } from '../../domain/config.ts';
import { nameKey } from '../../util/text.ts';
import type { Report } from '../../domain/report.ts';
import { countedBypassActions } from '../../config/defaults.ts';
import { isDefaultBypassList, statusCategoryEntries } from '../program.ts';
import { plural } from './format.ts';
import { table } from './table.ts';
import { COLORS, SIZES } from './theme.ts';
import { bullets, heading, paragraph, section, type Writer } from './writer.ts';

export const PROGRAM_TITLE = 'Appendix: the program as configured';

export function drawProgram(w: Writer, report: Report): void {
  const c = report.config;
  section(w, PROGRAM_TITLE);
  paragraph(
    w,
    `As read from the config file${report.configDigest ? ` (SHA-256 ${report.configDigest})` : ''} for this report, roster and gates in config order; evidence.json (program) holds the same lists. Roster dates are calendar days in ${report.timezone}, both inclusive. Email addresses in the identity map are not reproduced.`,
    { size: SIZES.small + 0.5, color: COLORS.muted },
  );

  // Person ids compared in NFC (nameKey), as the config check and the rules compare them: a roster
  // entry `jose\u0301` is the person `jos\u00e9`, pre-authorized, not "(not in the identity map)".
  const people = new Map(c.people.map((p) => [nameKey(p.id), p]));
  const logins = (id: string): string => {
    const person = people.get(nameKey(id));
    return person ? githubLogins(person).join('\n') || '—' : '(not in the identity map)';
  };
  heading(w, 'Roster: who is pre-authorized to break glass', 2);
  if (c.roster.length === 0) {
    paragraph(w, 'No roster entries: nobody is pre-authorized, so every grant is NOT_PREAUTHORIZED.', { style: 'bold', color: COLORS.bad });
  } else {
    table(
      w,
      [
        { header: 'Person', width: 1.3, style: 'bold', fit: 5 },
        { header: 'GitHub login(s)', width: 1.7, fit: 5 },
        { header: 'Gates', width: 3.2 },
        { header: 'From', width: 1, fit: 5 },
        { header: 'Until', width: 1, fit: 5 },
      ],
      c.roster.map((r) => [r.person, logins(r.person), r.gates.includes('*') ? 'all gates (*)' : r.gates.join(', '), r.from, r.until]),
      { size: SIZES.small },
    );
  }
  const rostered = new Set(c.roster.map((r) => nameKey(r.person)));
  const others = c.people.filter((p) => !rostered.has(nameKey(p.id)));
  if (others.length > 0) {
    const named = others.map((p) => {
      const l = githubLogins(p);
      return l.length > 0 ? `${p.id} (${l.join(', ')})` : p.id;
    });
    paragraph(w, `In the identity map with no roster entry, so not pre-authorized for any gate: ${named.join('; ')}.`, { size: SIZES.small + 0.5 });
  }

  heading(w, 'Gates', 2);
  if (c.gates.length === 0) {
    paragraph(w, 'No gates configured: every bypass event maps to no gate.');
  } else {
    table(
      w,
      [
        { header: 'Gate id', width: 1.6, style: 'bold', fit: 5 },
        { header: 'Name', width: 1.9 },
        { header: 'Repository @ branch', width: 2.6, fit: 5 },
        { header: 'Former repository names', width: 2.1, fit: 5 },
      ],
      c.gates.map((g) => [g.id, g.name, `${g.repo} @ ${g.branch}`, (g.formerRepos ?? []).join('\n') || '—']),
      { size: SIZES.small },
    );
  }

  const actions = countedBypassActions(c);
  heading(w, 'Audit-log actions counted as bypasses', 2, 30 + Math.min(actions.length, 4) * 12);
  paragraph(
    w,
    `${plural(actions.length, 'action')} (${isDefaultBypassList(c) ? "glasstrail's default list" : 'github.bypassActions in the config'}), and every rule suite with result "bypass":`,
    { size: SIZES.small + 0.5 },
  );
  bullets(w, actions, { size: SIZES.small + 0.5, style: 'mono' });

  const categories = statusCategoryEntries(c);
  if (categories.length > 0) {
    heading(w, 'Jira status categories supplied by the config', 2);
    paragraph(w, 'For statuses deleted from Jira before collect saw them (jira.statusCategories); read only for status ids the archive does not know (the population notes say which were used).', { size: SIZES.small + 0.5, color: COLORS.muted });
    table(
      w,
      [
        { header: 'Jira status id', width: 1 },
        { header: 'Category', width: 1 },
      ],
      categories,
      { size: SIZES.small },
    );
  }
}
