import {
  makeAllOwnersOutput,
  makeCreateTransaction,
  makeOwnerOutput,
  makeThresholdOutput,
  makeTransferTransaction,
  type Keypair,
  type Output,
  type SignedTransaction,
} from '@bigchaindb-ts/core';
import { unitRoles } from './plan.js';
import { Signer } from './sign.js';

/** Everything needed to sign any unit of a workload; plain data, so it can go to a worker thread. */
export interface BuildSpec {
  /** Keeps the assets of separate runs apart, so a second run never collides with the first. */
  readonly run: string;
  readonly keys: readonly Keypair[];
  /** Owner groups (public keys) of lone CREATEs and of chains; a chain passes between two groups. */
  readonly createGroups: readonly (readonly string[])[];
  readonly chainGroups: readonly (readonly string[])[];
  /** Receives every conflict's output. */
  readonly sink: string;
  /** Signatures an output needs: `threshold` of its group's keys (all of them when equal to the size). */
  readonly threshold: number;
  readonly divisible: boolean;
  readonly unitLength: Int32Array;
  readonly unitConflicts: Int32Array;
}

/** A range of units, signed: ids as 64 hex characters each, bodies (JSON) back to back. */
export interface BuiltBatch {
  readonly fromUnit: number;
  readonly toUnit: number;
  readonly ids: Uint8Array;
  readonly bodies: Uint8Array;
  /** Start of each body in `bodies`, and one more entry for the end. */
  readonly offsets: Int32Array;
}

/** Units of a divisible asset; large enough for any chain to pass one back as change per link. */
export const divisibleAmount = 1_000_000;

export class UnitBuilder {
  private readonly signer: Signer;

  constructor(private readonly spec: BuildSpec) {
    this.signer = new Signer(spec.keys);
  }

  /** The transactions of unit `u`, in stream order (see `unitRoles`). */
  unit(u: number): SignedTransaction[] {
    const { spec } = this;
    const length = spec.unitLength[u]!;
    const roles = unitRoles(length, spec.unitConflicts[u]!);
    const group =
      length === 1
        ? spec.createGroups[u % spec.createGroups.length]!
        : spec.chainGroups[u % spec.chainGroups.length]!;
    const other = spec.chainGroups[(u + 1) % spec.chainGroups.length]!;
    const total = spec.divisible ? divisibleAmount : 1;
    const out: SignedTransaction[] = [];
    // A lone divisible CREATE splits its amount over two outputs of the same owners.
    const createOutputs =
      length === 1 && spec.divisible
        ? [this.output(group, total - total / 4), this.output(group, total / 4)]
        : [this.output(group, total)];
    const issuer = group[0]!;
    out.push(
      this.signer.sign(makeCreateTransaction({ load: `${spec.run}-${u}` }, null, createOutputs, [issuer]), [
        issuer,
      ]),
    );
    for (const role of roles.slice(1)) {
      const spent = out[role.spends]!;
      // Link j is owned by `group` when j is even, by `other` when odd.
      const from = role.link % 2 === 1 ? group : other;
      const to = role.link % 2 === 1 ? other : group;
      const amount = spec.divisible ? Number(spent.outputs[0]!.amount) : 1;
      const outputs = role.conflict
        ? [makeOwnerOutput(spec.sink, amount)]
        : spec.divisible
          ? [this.output(to, amount - 1), this.output(from, 1)]
          : [this.output(to, 1)];
      const draft = makeTransferTransaction([{ tx: spent, outputIndex: 0 }], outputs, null);
      out.push(this.signer.sign(draft, from.slice(0, spec.threshold)));
    }
    return out;
  }

  /** Units `fromUnit` to `toUnit` (exclusive), serialized. */
  batch(fromUnit: number, toUnit: number): BuiltBatch {
    const texts: string[] = [];
    const ids: string[] = [];
    for (let u = fromUnit; u < toUnit; u++)
      for (const tx of this.unit(u)) {
        texts.push(JSON.stringify(tx));
        ids.push(tx.id);
      }
    const offsets = new Int32Array(texts.length + 1);
    let size = 0;
    texts.forEach((t, i) => {
      offsets[i] = size;
      size += Buffer.byteLength(t);
    });
    offsets[texts.length] = size;
    // Own memory (not the shared pool), so the buffers can be transferred from a worker.
    const bodies = Buffer.allocUnsafeSlow(size);
    texts.forEach((t, i) => bodies.write(t, offsets[i]!));
    const idBytes = Buffer.allocUnsafeSlow(ids.length * 64);
    ids.forEach((id, i) => idBytes.write(id, i * 64, 'latin1'));
    return { fromUnit, toUnit, ids: idBytes, bodies, offsets };
  }

  private output(group: readonly string[], amount: number): Output {
    if (group.length === 1) return makeOwnerOutput(group[0]!, amount);
    return this.spec.threshold === group.length
      ? makeAllOwnersOutput(group, amount)
      : makeThresholdOutput(this.spec.threshold, group, amount);
  }
}
