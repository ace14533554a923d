// End to end with a real Prometheus (Debian's `prometheus` package): it scrapes a running
// `bigchaindb start` process every second, and its query API returns our committed-transactions
// series once the node has committed what we posted. Outside CI, a machine without prometheus
// skips this with a line saying so; under CI=true it must run (.ci/run installs it).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeypair } from '@bigchaindb-ts/core';
import { freePort, NodeProcess, waitFor } from '@bigchaindb-ts/testing';
import { createTx } from '../node/test/node-harness.js';

const installed = spawnSync('sh', ['-c', 'command -v prometheus'], { encoding: 'utf8' }).status === 0;
const ci = process.env.CI === 'true';
const skip = installed || ci ? false : 'prometheus is not installed (apt-get install -y prometheus)';
if (skip) console.log(`# SKIP prometheus end-to-end: ${skip}`);

/** The repository's docs/grafana-dashboard.json, found from this package's own manifest. */
const dashboardPath = fileURLToPath(
  new URL('../../docs/grafana-dashboard.json', import.meta.resolve('@bigchaindb-ts/server/package.json')),
);

interface Dashboard {
  __inputs: { name: string; type: string; pluginId: string }[];
  templating: { list: { name: string; datasource: { uid: string }; query: { query: string } }[] };
  panels: {
    title: string;
    datasource: { uid: string };
    targets: { expr: string; datasource: { uid: string } }[];
  }[];
}

interface QueryAnswer {
  status: string;
  error?: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

describe('a real Prometheus scraping a node', { skip }, () => {
  let node: NodeProcess;
  let prometheus: ChildProcess;
  let promUrl: string;
  let dir: string;
  let promLog = '';

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bdbts-prometheus-'));
    node = await NodeProcess.start();
    const promPort = await freePort();
    promUrl = `http://127.0.0.1:${promPort}`;
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: bigchaindb',
        '    metrics_path: /metrics',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${node.port}']`,
        '',
      ].join('\n'),
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Kept for the failure message: prometheus says why it did not start on stderr.
    const keep = (chunk: Buffer) => {
      promLog = (promLog + chunk.toString()).slice(-4000);
    };
    prometheus.stdout?.on('data', keep);
    prometheus.stderr?.on('data', keep);
    await waitFor('prometheus to be ready', async () => {
      if (prometheus.exitCode !== null)
        throw new Error(`prometheus exited ${prometheus.exitCode}: ${promLog}`);
      try {
        return (await fetch(`${promUrl}/-/ready`)).ok || undefined;
      } catch {
        return undefined;
      }
    });
  });

  after(async () => {
    if (prometheus !== undefined && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('its query API returns bigchaindb_transactions_committed_total with what we posted', async () => {
    const alice = generateKeypair();
    const posted = 5;
    for (let i = 0; i < posted; i++) {
      const res = await fetch(`${node.url}/api/v1/transactions?mode=commit`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(createTx(alice)),
      });
      assert.equal(res.status, 202, await res.text());
    }
    const query = encodeURIComponent('bigchaindb_transactions_committed_total{status="valid"}');
    const series = await waitFor(
      'prometheus to have scraped the committed transactions',
      async () => {
        const answer = (await (await fetch(`${promUrl}/api/v1/query?query=${query}`)).json()) as QueryAnswer;
        const found = answer.data.result[0];
        return found !== undefined && Number(found.value[1]) >= posted ? found : undefined;
      },
      60_000,
    );
    assert.equal(Number(series.value[1]), posted);
    assert.equal(series.metric.job, 'bigchaindb');
    assert.equal(series.metric.instance, `127.0.0.1:${node.port}`);

    // The node's info and status came in the same scrapes.
    const info = (await (
      await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent('bigchaindb_node_info')}`)
    ).json()) as QueryAnswer;
    assert.equal(info.data.result[0]?.metric.key, node.publicKey);
    assert.equal(info.data.result[0]?.metric.backend, 'sqlite');
  });

  test("the Grafana dashboard's queries are valid PromQL over metrics the node exports", async () => {
    const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as Dashboard;
    // Importable: one Prometheus data source input, and every query names it.
    assert.deepEqual(
      dashboard.__inputs.map((i) => [i.name, i.type, i.pluginId]),
      [['DS_PROMETHEUS', 'datasource', 'prometheus']],
    );
    const exported = new Set(
      [...(await (await fetch(`${node.url}/metrics`)).text()).matchAll(/^# HELP (\S+)/gm)].map((m) => m[1]),
    );
    const queries = dashboard.panels.flatMap((p) =>
      p.targets.map((t) => {
        assert.equal(p.datasource.uid, '${DS_PROMETHEUS}', p.title);
        assert.equal(t.datasource.uid, '${DS_PROMETHEUS}', p.title);
        return { title: p.title, expr: t.expr };
      }),
    );
    assert.ok(queries.length >= 20, `${queries.length} queries`);
    for (const { title, expr } of queries) {
      // Each metric a panel reads is one the node exports (histograms by their family's name).
      for (const [name] of expr.matchAll(/bigchaindb_[a-z0-9_]+/g)) {
        const family = name.replace(/_(bucket|sum|count)$/, '');
        assert.ok(exported.has(name) || exported.has(family), `${title}: ${name} is not exported`);
      }
      // Grafana substitutes $instance with a regex of the chosen nodes; `.*` is "All".
      const promql = expr.replaceAll('$instance', '.*');
      const answer = (await (
        await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`)
      ).json()) as QueryAnswer;
      assert.equal(answer.status, 'success', `${title}: ${promql}: ${answer.error ?? ''}`);
    }
    const variable = dashboard.templating.list[0]!;
    assert.equal(variable.datasource.uid, '${DS_PROMETHEUS}');
    assert.match(variable.query.query, /^label_values\(bigchaindb_node_info, instance\)$/);
  });
});
