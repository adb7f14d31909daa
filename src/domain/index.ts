export type * from './config.ts';
export type * from './events.ts';
export type * from './ledger.ts';
export type * from './period.ts';
export type * from './report.ts';
export type * from './review.ts';
export type * from './use.ts';
export { CHECKPOINT_SCHEMA, GENESIS_PREV, LEDGER_SCHEMA } from './ledger.ts';
export { GAP_CODES, SEVERITIES } from './use.ts';
