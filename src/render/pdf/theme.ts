/** One palette and type scale for every page (RGB only: the PDF/A output intent is sRGB). */
export const COLORS = {
  ink: '#1a1a1a',
  muted: '#5b6470',
  faint: '#8a929c',
  accent: '#1f4e79',
  accentLight: '#dce6f0',
  rule: '#c8ced6',
  zebra: '#f4f6f8',
  headerFill: '#e6ebf1',
  good: '#1e7b34',
  goodLight: '#e3f2e6',
  bad: '#b3261e',
  badLight: '#fbe4e2',
  warn: '#b26a00',
  warnLight: '#fff1d6',
  unsanctioned: '#c0392b',
  sanctioned: '#2e6da4',
  rate: '#e08e0b',
} as const;

export const SIZES = {
  title: 24,
  h1: 16,
  h2: 12,
  h3: 10,
  body: 9.5,
  table: 8,
  small: 7.5,
  footer: 7.5,
} as const;

export const SEVERITY_COLORS: Record<'high' | 'medium' | 'low' | 'info', string> = {
  high: COLORS.bad,
  medium: COLORS.warn,
  low: COLORS.accent,
  info: COLORS.muted,
};
