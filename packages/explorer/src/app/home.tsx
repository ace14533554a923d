import { useEffect, useState } from 'preact/hooks';
import type { BlockSummary } from './api.js';
import { blockHref, ErrorView, Hash, Status, Table, Time, toMs, useTitle } from './components.js';
import { loadOlder, useLive } from './live.js';

const chartWindowS = 60;

/** Committed transactions per second over the last minute (by block time), and block intervals. */
function rates(blocks: readonly BlockSummary[]): { txPerS: number[]; intervalsS: number[] } {
  const timed = blocks.filter((b) => toMs(b.timestamp) !== undefined).sort((a, b) => a.height - b.height);
  const newest = timed[timed.length - 1];
  if (newest === undefined) return { txPerS: [], intervalsS: [] };
  const end = Math.floor(toMs(newest.timestamp)! / 1000);
  const txPerS = Array.from({ length: chartWindowS }, () => 0);
  for (const b of timed) {
    const at = Math.floor(toMs(b.timestamp)! / 1000);
    const slot = chartWindowS - 1 - (end - at);
    if (slot >= 0 && b.status === 'valid') txPerS[slot]! += b.tx_count ?? 0;
  }
  const intervalsS = timed.slice(1).map((b, i) => (toMs(b.timestamp)! - toMs(timed[i]!.timestamp)!) / 1000);
  return { txPerS, intervalsS: intervalsS.slice(-chartWindowS) };
}

function Spark(props: { values: number[]; label: string; unit: string }) {
  const { values } = props;
  const max = Math.max(1, ...values);
  const w = 240;
  const h = 48;
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const points = values
    .map((v, i) => `${(i * step).toFixed(1)},${(h - (v / max) * (h - 4) - 2).toFixed(1)}`)
    .join(' ');
  const last = values[values.length - 1];
  return (
    <figure class="spark">
      <figcaption>
        {props.label}:{' '}
        <strong>{last === undefined ? '–' : `${Number(last.toFixed(2))} ${props.unit}`}</strong>{' '}
        <span class="muted">(max {Number(max.toFixed(2))})</span>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} width={w} height={h} role="img" aria-label={`${props.label} chart`}>
        <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" />
      </svg>
    </figure>
  );
}

let marked = false;

export function Home() {
  useTitle('Latest blocks');
  const live = useLive();
  useEffect(() => {
    // When the first block rows reach the screen: what bench/explorer.mjs reports.
    if (marked || live.blocks.length === 0) return;
    marked = true;
    requestAnimationFrame(() => performance.mark('explorer:blocks-painted'));
  }, [live.blocks.length]);
  const [older, setOlder] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: undefined });
  const { txPerS, intervalsS } = rates(live.blocks);
  const more = () => {
    setOlder({ busy: true, error: undefined });
    loadOlder().then(
      () => setOlder({ busy: false, error: undefined }),
      (error: unknown) => setOlder({ busy: false, error }),
    );
  };
  return (
    <section>
      <h1>Latest blocks</h1>
      <div class="stats">
        <div class="stat">
          <span class="muted">Chain height</span>{' '}
          <strong id="chain-height">{live.latestHeight ?? '–'}</strong>
        </div>
        <div class="stat">
          <span class="muted">Backlog</span> <strong id="backlog-size">{live.backlogSize ?? '–'}</strong>{' '}
          <span class="muted">transactions waiting</span>
        </div>
        <Spark values={txPerS} label="Committed" unit="tx/s" />
        <Spark values={intervalsS} label="Block interval" unit="s" />
      </div>
      {live.loadError !== undefined && live.blocks.length === 0 && <ErrorView error={live.loadError} />}
      {!live.loaded && <p class="loading">Loading…</p>}
      {live.loaded && live.blocks.length === 0 && live.loadError === undefined && <p>No blocks yet.</p>}
      {live.blocks.length > 0 && (
        <Table label="Latest blocks">
          <thead>
            <tr>
              <th>Height</th>
              <th class="wide-only">Block</th>
              <th>Time</th>
              <th>
                <span class="wide-only">Transactions</span>
                <span class="narrow-only">Txs</span>
              </th>
              <th class="wide-only">Maker</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody id="blocks">
            {live.blocks.map((b) => (
              <tr key={b.height} class="block-row" data-height={b.height}>
                <td>
                  <a href={blockHref(b.height)}>{b.height}</a>
                </td>
                <td class="wide-only">
                  <Hash value={b.id} to={blockHref(b.height)} />
                </td>
                <td>
                  <Time at={b.timestamp} />
                </td>
                <td class="num">{b.tx_count ?? '–'}</td>
                <td class="wide-only">
                  {b.node_pubkey ? (
                    <Hash
                      value={b.node_pubkey}
                      keep={8}
                      to={`/explorer/federation#member-${b.node_pubkey}`}
                    />
                  ) : (
                    '–'
                  )}
                </td>
                <td>
                  <Status value={b.status} tampered={b.tampered} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {live.blocks.length > 0 && (live.blocks[live.blocks.length - 1]?.height ?? 0) > 0 && (
        <p>
          <button type="button" onClick={more} disabled={older.busy}>
            {older.busy ? 'Loading…' : 'Older blocks'}
          </button>
        </p>
      )}
      {older.error !== undefined && <ErrorView error={older.error} />}
    </section>
  );
}
