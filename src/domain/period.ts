/** A reporting period: the half-open interval [start, end) of instants (epoch ms, UTC). */
export interface Period {
  /** `2026-Q3`, `2026-07` or `2026-07-01_2026-09-30` */
  label: string;
  kind: 'quarter' | 'month' | 'range';
  /** IANA zone the period was laid out in */
  zone: string;
  start: number;
  end: number;
  /** first and last calendar day, inclusive, `YYYY-MM-DD` in `zone` */
  firstDay: string;
  lastDay: string;
}
