/** The ledger source: read / verify / append / checkpoint / keygen (CONTRACT §5, docs/ledger.md). */
export { appendEntry } from './append.ts';
export type { AppendResult } from './append.ts';
export { writeCheckpoint } from './checkpoint.ts';
export { formatVerification } from './format.ts';
export { entryHash } from './hash.ts';
export { generateKeyPair, keyIdOf, loadPublicKeys, parsePrivateKey } from './keys.ts';
export { readLedger } from './read.ts';
export { verifyLedgerText } from './verify.ts';
