import { renderPdf } from '../../src/render/pdf/index.ts';
import { fixtureTemplate } from '../../test/render/report-fixture.ts';
import { syntheticReport } from './synthetic.ts';
import PDFDocument from 'pdfkit';
const report = syntheticReport(10000);
// hold on to the doc before end(): patch end
const orig = (PDFDocument.prototype as any).end;
(PDFDocument.prototype as any).end = function () { (globalThis as any).__doc = this;  };
setTimeout(() => { console.log('heap', (process.memoryUsage().heapUsed/1e6).toFixed(0), 'rss', (process.memoryUsage().rss/1e6).toFixed(0), 'ext', (process.memoryUsage().external/1e6).toFixed(0), 'ab', (process.memoryUsage().arrayBuffers/1e6).toFixed(0)); process.exit(0); }, 100);
renderPdf(report, { template: fixtureTemplate(), rendered: new Map() });
