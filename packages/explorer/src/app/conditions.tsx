import type { ComponentChildren } from 'preact';
import { KeyLink, Time } from './components.js';

/** A condition's `details` as outputs carry them (every kind this ledger knows). */
type Details =
  | { type: 'ed25519-sha-256'; public_key: string }
  | { type: 'preimage-sha-256'; fingerprint: string; cost: number }
  | { type: 'timeout-sha-256'; expire_time: string }
  | { type: 'threshold-sha-256' | 'inverted-threshold-sha-256'; threshold: number; subconditions: Details[] };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const expiryMs = (d: { expire_time: string }) => Math.round(Number(d.expire_time) * 1000);

/** Children of a threshold with their weights: a weight w is the same subcondition listed w times. */
function weighted(subs: readonly Details[]): { d: Details; weight: number }[] {
  const out: { d: Details; weight: number }[] = [];
  for (const d of subs) {
    const seen = out.find((o) => same(o.d, d));
    if (seen) seen.weight += 1;
    else out.push({ d, weight: 1 });
  }
  return out;
}

/** The escrow of BigchainDB 0.x: 1-of-2 [2-of-2 (execute, timeout T), 2-of-2 (abort, NOT timeout T)]. */
function escrowOf(d: Details): { execute: string; abort: string; expiry: number } | undefined {
  if (d.type !== 'threshold-sha-256' || d.threshold !== 1 || d.subconditions.length !== 2) return undefined;
  const [a, b] = d.subconditions;
  if (a?.type !== 'threshold-sha-256' || b?.type !== 'threshold-sha-256') return undefined;
  if (a.threshold !== 2 || b.threshold !== 2) return undefined;
  const exec = a.subconditions.find((s) => s.type === 'ed25519-sha-256');
  const timeout = a.subconditions.find((s) => s.type === 'timeout-sha-256');
  const abort = b.subconditions.find((s) => s.type === 'ed25519-sha-256');
  const not = b.subconditions.find((s) => s.type === 'inverted-threshold-sha-256');
  if (!exec || !timeout || !abort || !not || not.type !== 'inverted-threshold-sha-256') return undefined;
  if (!same(not.subconditions, [timeout])) return undefined;
  if (
    exec.type !== 'ed25519-sha-256' ||
    abort.type !== 'ed25519-sha-256' ||
    timeout.type !== 'timeout-sha-256'
  )
    return undefined;
  return { execute: exec.public_key, abort: abort.public_key, expiry: expiryMs(timeout) };
}

function Expiry(props: { ms: number }) {
  const past = props.ms < Date.now();
  return (
    <>
      <Time at={props.ms} /> <span class="muted">({past ? 'passed' : 'still ahead'})</span>
    </>
  );
}

/** A condition tree in words: who or what can spend the output. */
export function Condition(props: { details: unknown }): ComponentChildren {
  const d = props.details as Details | undefined;
  if (d === undefined || d === null || typeof d !== 'object') return <span class="muted">no details</span>;
  const escrow = escrowOf(d);
  if (escrow)
    return (
      <div class="cond">
        <strong>Escrow</strong>: <KeyLink k={escrow.execute} /> may spend it until{' '}
        <Expiry ms={escrow.expiry} />; after that, <KeyLink k={escrow.abort} /> may take it back.
      </div>
    );
  switch (d.type) {
    case 'ed25519-sha-256':
      return (
        <div class="cond">
          signature of <KeyLink k={d.public_key} />
        </div>
      );
    case 'preimage-sha-256':
      return (
        <div class="cond">
          <strong>hash-lock</strong>: whoever shows the {d.cost}-byte secret whose SHA-256 is{' '}
          <code class="hash" title={d.fingerprint}>
            {d.fingerprint.slice(0, 12)}…
          </code>{' '}
          (no signature needed)
        </div>
      );
    case 'timeout-sha-256':
      return (
        <div class="cond">
          <strong>timeout</strong>: holds until <Expiry ms={expiryMs(d)} />
        </div>
      );
    case 'threshold-sha-256':
    case 'inverted-threshold-sha-256': {
      const parts = weighted(d.subconditions);
      const isWeighted = parts.some((p) => p.weight > 1);
      const n = d.subconditions.length;
      const not = d.type === 'inverted-threshold-sha-256';
      if (not && d.threshold === 1 && n === 1 && d.subconditions[0]?.type === 'timeout-sha-256')
        return (
          <div class="cond">
            <strong>after</strong> <Expiry ms={expiryMs(d.subconditions[0])} />
          </div>
        );
      return (
        <div class="cond">
          {not && <strong>NOT </strong>}
          {isWeighted ? (
            <>
              <strong>
                weight {d.threshold} of {n}
              </strong>{' '}
              from:
            </>
          ) : (
            <>
              <strong>{d.threshold === n ? `all ${n}` : `${d.threshold} of ${n}`}</strong> of:
            </>
          )}
          <ul>
            {parts.map((p, i) => (
              <li key={i}>
                {isWeighted && <span class="weight">weight {p.weight}: </span>}
                <Condition details={p.d} />
              </li>
            ))}
          </ul>
        </div>
      );
    }
    default:
      return <span class="muted">a condition of type {String((d as { type?: unknown }).type)}</span>;
  }
}
