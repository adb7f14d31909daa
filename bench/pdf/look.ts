// scratch: render the fixture to /tmp/look/evidence.pdf
import { buildReport } from '../../test/render/report-fixture.ts';
import { renderToFile, soc2 } from '../../test/pdf/helpers.ts';
const t = Date.now();
const r = await renderToFile(buildReport(process.argv[2] === 'inc' ? { incomplete: ['GitHub audit log: HTTP 502 after 5 retries', 'Jira: 401'] } : {}), await soc2());
console.log(r.file, Date.now() - t, 'ms');
