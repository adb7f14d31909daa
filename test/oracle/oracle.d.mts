export interface OracleSample {
  N: number;
  P: number;
  populationHash: string;
  rows: { rank: number; use_id: string; key: string }[];
}
export function oracle(options: { configPath: string; from: string; toExcl: string; asOf: string; seed?: string; size?: string; tz?: string }): { sample: OracleSample | null };
