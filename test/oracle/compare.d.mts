export function compare(options: { configPath: string; from: string; toExcl: string; asOf: string; out: string; seed?: string; size?: string; sampleDir?: string; tz?: string }): string[];
