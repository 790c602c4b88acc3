/**
 * `npm run k8s:validate`: renders every overlay of deploy/k8s with `kustomize build` and validates every
 * document offline, then proves that the validation can fail (self-check on broken copies). Exit 1 on any
 * invalid manifest or a self-check that was not rejected.
 *
 * Tools, installed once per machine and cached under ${XDG_CACHE_HOME:-~/.cache}/techcredit:
 * - kustomize KUSTOMIZE_VERSION, built with `go install` from the Go module proxy;
 * - kubernetes-validate KV_VERSION from PyPI in a venv: the core schemas ship inside the package
 *   (strict: unknown fields are errors), nothing is fetched while validating.
 * KEDA's ScaledObject is checked with the CRD-derived validators of the npm package @kubernetes-models/keda;
 * Strimzi's resources with our own zod schemas (deploy/k8s/checks.ts: no registry package ships its CRDs).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { crdProblems, platformProblems, type K8sDoc } from './checks';

const KUSTOMIZE_VERSION = 'v5.8.2'; // v5.8.3 needs Go 1.27
const KV_VERSION = '1.37.0';
const K8S_SCHEMA_VERSION = '1.34.0';
const OVERLAYS = ['dev', 'national', 'national-partitioned'];

const root = resolve(__dirname, '../..');
const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'techcredit');
const kustomizeBin = join(cache, 'bin', `kustomize-${KUSTOMIZE_VERSION}`);
const venv = join(cache, `kubernetes-validate-${KV_VERSION}`);
const python = join(venv, 'bin', 'python');
const run = promisify(execFile);
const t0 = Date.now();
const log = (msg: string) => console.log(`[k8s ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

async function ensureKustomize(): Promise<void> {
  if (existsSync(kustomizeBin)) return;
  log(`installing kustomize ${KUSTOMIZE_VERSION} (go install, once per machine)`);
  const gobin = `${kustomizeBin}.tmp`;
  rmSync(gobin, { recursive: true, force: true });
  await run('go', ['install', `sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}`], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: '-mod=mod' },
    maxBuffer: 1 << 24,
  });
  mkdirSync(join(cache, 'bin'), { recursive: true });
  renameSync(join(gobin, 'kustomize'), kustomizeBin);
  rmSync(gobin, { recursive: true, force: true });
  log('kustomize installed');
}

async function ensureValidator(): Promise<void> {
  if (existsSync(join(venv, '.complete'))) return;
  log(`installing kubernetes-validate ${KV_VERSION} (pip, once per machine)`);
  rmSync(venv, { recursive: true, force: true });
  // System site packages: PyYAML and jsonschema are reused where the machine has them.
  await run('python3', ['-m', 'venv', '--system-site-packages', venv]);
  await run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `kubernetes-validate==${KV_VERSION}`], { maxBuffer: 1 << 24 });
  await run('touch', [join(venv, '.complete')]);
  log('kubernetes-validate installed');
}

interface CoreResult {
  name: string;
  docs: { doc: K8sDoc; core: 'valid' | 'invalid' | 'crd'; error?: string }[];
}

/** One Python process for many document sets (its start-up dominates). */
function coreValidate(sets: ({ name: string; yaml: string } | { name: string; docs: K8sDoc[] })[]): Promise<CoreResult[]> {
  return new Promise((ok, fail) => {
    const child = spawn(python, [join(__dirname, 'core_validate.py')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? ok(JSON.parse(out) as CoreResult[]) : fail(new Error(`core_validate.py exited ${code}`))));
    child.stdin.end(JSON.stringify({ version: K8S_SCHEMA_VERSION, sets }));
  });
}

type KedaValidate = (d: K8sDoc) => void;
async function kedaValidator(): Promise<KedaValidate> {
  const { ScaledObject } = await import('@kubernetes-models/keda/keda.sh/v1alpha1');
  // The package is ESM with `exports` only; this tsconfig resolves its types without the base Model.
  return (d) => (new ScaledObject(d as never) as unknown as { validate(): void }).validate();
}

/** Every problem of one rendered set: core schema errors, CRD checks, platform rules. */
function problemsOf(set: CoreResult, keda: KedaValidate): string[] {
  const out: string[] = [];
  for (const { doc, core, error } of set.docs) {
    const what = `${doc.kind}/${doc.metadata?.name}`;
    if (core === 'invalid') out.push(`${what}: ${error}`);
    if (core !== 'crd') continue;
    if (doc.apiVersion === 'keda.sh/v1alpha1' && doc.kind === 'ScaledObject') {
      try {
        keda(doc);
      } catch (err) {
        out.push(`${what}: ${(err as Error).message}`);
      }
    } else if (!doc.apiVersion.startsWith('kafka.strimzi.io/')) {
      out.push(`${what}: no schema for ${doc.apiVersion} ${doc.kind}`);
    }
    out.push(...crdProblems(doc));
  }
  out.push(...platformProblems(set.docs.map((d) => d.doc)));
  return out;
}

/** Broken copies of a rendered overlay, each of which must be rejected. */
function brokenCopies(docs: K8sDoc[]): { name: string; docs: K8sDoc[] }[] {
  const copy = (): K8sDoc[] => JSON.parse(JSON.stringify(docs)) as K8sDoc[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON
  const find = (ds: K8sDoc[], kind: string, name: string): any => {
    const d = ds.find((x) => x.kind === kind && x.metadata.name === name);
    if (!d) throw new Error(`self-check: ${kind}/${name} not rendered`);
    return d;
  };
  const mutate = (name: string, f: (ds: K8sDoc[]) => K8sDoc[] | void) => {
    const ds = copy();
    return { name, docs: f(ds) ?? ds };
  };
  return [
    mutate('unknown container field (core, strict)', (ds) => void (find(ds, 'Deployment', 'stats').spec.template.spec.containers[0].readinesProbe = {})),
    mutate('replicas not an integer (core)', (ds) => void (find(ds, 'Deployment', 'gateway').spec.replicas = 'two')),
    mutate('readiness probe removed (platform)', (ds) => void delete find(ds, 'Deployment', 'stats').spec.template.spec.containers[0].readinessProbe),
    mutate('writable root filesystem (platform)', (ds) => void (find(ds, 'Deployment', 'scoring').spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem = false)),
    mutate('PDB selecting nothing (platform)', (ds) => void (find(ds, 'PodDisruptionBudget', 'pledge').spec.selector.matchLabels = { 'app.kubernetes.io/name': 'pledges' })),
    mutate('topic with 6 partitions (platform)', (ds) => void (find(ds, 'KafkaTopic', 'techcredit.loan.v1').spec.partitions = 6)),
    mutate('DLQ topic missing (platform)', (ds) => ds.filter((d) => d.metadata.name !== 'techcredit.policy.v1.dlq')),
    mutate('unknown KafkaTopic field (Strimzi schema)', (ds) => void (find(ds, 'KafkaTopic', 'techcredit.score.v1').spec.partition = 12)),
    mutate('Kafka listener without port (Strimzi schema)', (ds) => void delete find(ds, 'Kafka', 'techcredit').spec.kafka.listeners[0].port),
    mutate('maxReplicaCount a string (KEDA CRD)', (ds) => void (find(ds, 'ScaledObject', 'stats').spec.maxReplicaCount = '12')),
    mutate('misspelt Kafka trigger key (KEDA Kafka scaler)', (ds) => {
      const m = find(ds, 'ScaledObject', 'relending').spec.triggers[0].metadata;
      m.consumergroup = m.consumerGroup;
      delete m.consumerGroup;
    }),
    mutate("another service's consumer group (platform)", (ds) => void (find(ds, 'ScaledObject', 'subsidy').spec.triggers[0].metadata.consumerGroup = 'stats.loans')),
    mutate('MONGO_URL naming a missing member (platform)', (ds) => void (find(ds, 'ConfigMap', 'techcredit-env').data.MONGO_URL = 'mongodb://mongo-7.mongo:27017/?replicaSet=rs0')),
    mutate('unknown kind', (ds) => [...ds, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]),
  ];
}

async function main(): Promise<void> {
  log(`cache ${cache}`);
  await Promise.all([ensureKustomize(), ensureValidator()]);
  const rendered = await Promise.all(
    OVERLAYS.map(async (o) => {
      const { stdout } = await run(kustomizeBin, ['build', join(root, 'deploy/k8s/overlays', o)], { maxBuffer: 1 << 26 });
      return { name: o, yaml: stdout };
    }),
  );
  log(`rendered ${OVERLAYS.join(', ')} with kustomize ${KUSTOMIZE_VERSION}`);
  const keda = await kedaValidator();
  const results = await coreValidate(rendered);
  let failed = false;
  for (const set of results) {
    const kinds = new Map<string, number>();
    for (const { doc } of set.docs) kinds.set(doc.kind, (kinds.get(doc.kind) ?? 0) + 1);
    const problems = problemsOf(set, keda);
    const summary = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
    log(`${set.name}: ${set.docs.length} documents (${summary}): ${problems.length === 0 ? 'valid' : `${problems.length} problems`}`);
    for (const p of problems) console.log(`  ✗ ${set.name}: ${p}`);
    failed ||= problems.length > 0;
  }

  // Self-check: the same pipeline must reject each broken copy of the national overlay.
  const national = results.find((r) => r.name === 'national')!;
  const broken = brokenCopies(national.docs.map((d) => d.doc));
  const brokenResults = await coreValidate(broken);
  const baseline = new Set(problemsOf(national, keda));
  let caught = 0;
  for (const set of brokenResults) {
    // Rejected = a problem the intact overlay does not have.
    const problems = problemsOf(set, keda).filter((p) => !baseline.has(p));
    if (problems.length > 0) caught++;
    else {
      failed = true;
      console.log(`  ✗ self-check not rejected: ${set.name}`);
    }
  }
  log(`self-check: ${caught} of ${broken.length} broken copies rejected`);
  log(failed ? 'FAILED' : `all ${results.reduce((s, r) => s + r.docs.length, 0)} documents valid`);
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`k8s:validate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
