export { describeWorkload, makeWorkload, Workload, type Stream, type WorkloadOptions } from './workload.js';
export { planWorkload, unitRoles, type Plan, type PlanOptions, type WorkloadKind } from './plan.js';
export { HttpClient, headerOf, type HttpAnswer, type HttpClientOptions } from './http-client.js';
export { sendWorkload, type SendMode, type SendOptions, type SendResult } from './send.js';
export { runLoad, type LoadRunOptions, type Sent } from './load-runner.js';
export { collectDecisions, collectFates, type CollectOptions, type Fate } from './collect.js';
export {
  classify,
  countOutputsSpentTwice,
  crossCheckOutputs,
  type Outcome,
  type OutputsCrossCheck,
} from './checks.js';
export { measureVerifyCeiling, type VerifyCeiling } from './ceiling.js';
export { readRss, RssSampler, type RssFigures } from './rss.js';
export { RunRecord, Fate as FateCode, fateNames } from './record.js';
export { describeMachine, formatTable, machineLine, rates, type LoadResult, type Machine } from './report.js';
export { measureLoad, type MeasureOptions } from './measure.js';
