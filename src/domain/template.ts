import type { GapCode } from './use.ts';

/** A framework template (`templates/<id>.yaml`): wording and the control mapping per gap code. */
export interface FrameworkTemplate {
  /** file stem: `soc2`, `sox`, `pci`, `iso27001` */
  id: string;
  /** hex SHA-256 and size of the template file's bytes (its wording and control mapping are part of the evidence) */
  digest?: { sha256: string; bytes: number };
  /** e.g. `SOC 2` */
  framework: string;
  /** report title, e.g. `Emergency change (break-glass) evidence` */
  title: string;
  /** the control the evidence supports, e.g. `CC8.1` */
  primaryControl: string;
  /** what the framework calls a numbered item (`criterion`, `requirement`, `control`), as on the cover */
  controlTerm: string;
  /** control ids per gap code (every code present) */
  controls: Record<GapCode, string[]>;
  /** short description of each control id used above */
  controlNames: Record<string, string>;
  narrative: {
    /** intro paragraph for the executive summary */
    intro: string;
    /** the four assertions of a sound break-glass program */
    documented: string;
    restricted: string;
    logged: string;
    reviewed: string;
    /** method paragraph for the appendix */
    method: string;
  };
}

/** One rendered output file. */
export interface OutputFile {
  name: string;
  data: Buffer;
}

/**
 * An output produced piece by piece (evidence.json, the CSVs): the writer streams the pieces
 * to disk and hashes them as they pass, so a 50k-use report never holds the whole file.
 * `chunks` may be called more than once and yields the same pieces each time.
 */
export interface StreamedFile {
  name: string;
  chunks: () => Iterable<string | Buffer>;
}

export type RenderedFile = OutputFile | StreamedFile;

/** What the manifest records of an output: computed from the bytes as they are written. */
export interface OutputDigest {
  name: string;
  sha256: string;
  bytes: number;
}
