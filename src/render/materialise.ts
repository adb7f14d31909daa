import type { OutputFile, RenderedFile } from '../domain/template.ts';

/** The bytes of a rendered file, joined in memory: for tests, the PDF's attachments and small files. */
export function materialise(file: RenderedFile): OutputFile {
  if ('data' in file) return file;
  const parts: Buffer[] = [];
  for (const chunk of file.chunks()) parts.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return { name: file.name, data: Buffer.concat(parts) };
}
