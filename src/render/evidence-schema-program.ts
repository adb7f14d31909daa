/** evidence.json `program` (program.ts): the break-glass program as configured for the report. */
import { z } from 'zod';
import { calendarDate } from './schema-parts.ts';

const repoName = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/).meta({ description: 'owner/name' });

export const programSchema = z
  .strictObject({
    gates: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          name: z.string().min(1),
          repo: repoName,
          branch: z.string().min(1),
          formerRepos: z.array(repoName).meta({ description: 'names the repo had before a rename or transfer; [] when none' }),
        }),
      )
      .meta({ description: 'config order' }),
    people: z
      .array(
        z.strictObject({
          id: z.string().min(1),
          github: z.array(z.string().min(1)).meta({ description: 'one login, or every login a renamed account has had, as configured; [] when none' }),
          jira: z.string().min(1).nullable().meta({ description: 'Jira account id; null when not configured' }),
        }),
      )
      .meta({ description: 'the identity map in config order; email addresses are left out (data minimisation)' }),
    roster: z
      .array(
        z.strictObject({
          person: z.string().min(1),
          gates: z.array(z.string().min(1)).min(1).meta({ description: 'gate ids, or ["*"] for all gates' }),
          from: calendarDate.meta({ description: 'inclusive calendar date in timezone' }),
          until: calendarDate.meta({ description: 'inclusive calendar date in timezone' }),
        }),
      )
      .meta({ description: 'who is pre-authorized to break glass, where and when; config order' }),
    bypassActions: z
      .array(z.string().min(1))
      .meta({ description: 'the audit-log actions the report counted as bypasses, in config order: github.bypassActions, or the default list without a github: block (rule suites with result bypass count on top)' }),
    statusCategories: z
      .record(z.string().regex(/^\d+$/), z.enum(['new', 'indeterminate', 'done']))
      .meta({ description: 'jira.statusCategories: status id → category, ids in numeric order; {} when not given' }),
  })
  .meta({ description: 'the break-glass program as the config gave it for the report (its SHA-256 is configDigest)' });
