import type { Report } from '../domain/report.ts';
import type { FrameworkTemplate, RenderedFile } from '../domain/template.ts';

import type { Format } from './index.ts';

export interface RenderContext {
  template: FrameworkTemplate;
  /** outputs rendered earlier in this run, by file name (the PDF attaches them) */
  rendered: ReadonlyMap<string, Buffer>;
  /** the formats this run writes (undefined: all), so one output points only to files beside it */
  formats?: readonly Format[];
}

/**
 * One renderer per format; reads only the report and the template (never clock, fs or env).
 * `F` narrows what it returns: the PDF returns whole bytes, the CSVs and JSON stream.
 */
export type Renderer<F extends RenderedFile = RenderedFile> = (report: Report, ctx: RenderContext) => F[] | Promise<F[]>;
