import type { MemberLiveness } from '../integrity/index.js';

/**
 * The member that should put a transaction in a block: spread by id over the members that keep
 * up with voting (a member that stopped voting gets nothing new until it votes again; what it
 * holds is moved by the stale monitor). The same on every node while they agree on who is up.
 */
export function assigneeOf(txId: string, liveness: MemberLiveness, federation: readonly string[]): string {
  const live = liveness.live();
  const members = live.length > 0 ? live : federation;
  return members[parseInt(txId.slice(0, 8), 16) % members.length] as string;
}
