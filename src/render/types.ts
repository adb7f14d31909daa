import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate, OutputFile } from '../domain/template.ts';

export interface RenderContext {
  template: FrameworkTemplate;
  /** outputs rendered earlier in this run, by file name (the PDF attaches them) */
  rendered: ReadonlyMap<string, Buffer>;
}

/** One renderer per format; reads only the report and the template (never clock, fs or env). */
export type Renderer = (report: Report, ctx: RenderContext) => OutputFile[] | Promise<OutputFile[]>;
