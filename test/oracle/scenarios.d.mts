export interface Scenario {
  period: string[];
  from: string;
  toExcl: string;
  asOf: string;
  spec: unknown;
  tamper?: (dir: string) => void;
}
export const scenarios: Record<string, Scenario>;
export function buildScenario(name: string, dir: string): void;
