// The node's integrity checks: the watchdog over the stored chain, the audit of one block, the
// monitor that counts what the node refuses to trust, vote checks and member liveness.
export { auditBlock, type AuditContext, type AuditFinding } from './block-audit.js';
export {
  FederationMonitor,
  type Finding,
  type FindingCode,
  type FindingSource,
  type FindingsReport,
} from './federation-monitor.js';
export { MemberLiveness, type MemberState } from './member-liveness.js';
export { VoteChecks, voteSubject } from './vote-checks.js';
export { Watchdog, type Vouch, type WatchdogOptions, type WatchdogReport } from './watchdog.js';
export { reportTamperedRead } from './tampered-read.js';
