export { makeWorkload, type Stream, type WorkloadKind, type WorkloadOptions } from './workload.js';
export { runLoad, type LoadRunOptions, type Sent } from './load-runner.js';
export { collectFates, type Fate } from './collect.js';
export { formatReport, summarize, type LoadReport } from './report.js';
