/**
 * Checks of rendered manifests that the core Kubernetes schemas cannot make (deploy/k8s/validate.ts runs
 * them after kubernetes-validate):
 * - Strimzi (Kafka, KafkaNodePool, KafkaTopic): no registry package ships Strimzi's CRDs, so these are our
 *   own strict zod schemas of the subset of the CRDs that the manifests use (an unknown field is an error:
 *   extend the schema when a manifest starts using one).
 * - KEDA: the ScaledObject itself is checked against the CRD-derived validators of the npm package
 *   @kubernetes-models/keda (validate.ts); the Kafka trigger's `metadata` is a free string map in the CRD,
 *   so its keys and values are checked here.
 * - Platform rules: probes, security context, PDBs, topics of libs/contracts, consumer groups, wiring.
 */
import { z } from 'zod';
import { TOPIC_PARTITIONS, Topics, dlqTopic } from '@techcredit/contracts';

export interface K8sDoc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [k: string]: unknown;
}

const dns1123 = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/).max(253);
const quantity = z.union([z.string().regex(/^[0-9.]+([KMGTPE]i?|m)?$/), z.number()]);
const resources = z
  .object({ requests: z.record(z.string(), quantity).optional(), limits: z.record(z.string(), quantity).optional() })
  .strict();
const meta = z
  .object({
    name: dns1123,
    namespace: dns1123.optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .strict();
const clusterLabelled = meta.extend({ labels: z.object({ 'strimzi.io/cluster': dns1123 }).catchall(z.string()) }).strict();
const kafkaConfig = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

const StrimziKafka = z
  .object({
    apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
    kind: z.literal('Kafka'),
    metadata: meta,
    spec: z
      .object({
        kafka: z
          .object({
            version: z.string().regex(/^\d+\.\d+\.\d+$/),
            metadataVersion: z.string().regex(/^\d+\.\d+-IV\d+$/).optional(),
            listeners: z
              .array(
                z
                  .object({
                    name: z.string().regex(/^[a-z0-9]{1,11}$/),
                    port: z.number().int().min(9092),
                    type: z.enum(['internal', 'route', 'loadbalancer', 'nodeport', 'ingress', 'cluster-ip']),
                    tls: z.boolean(),
                  })
                  .strict(),
              )
              .min(1),
            config: kafkaConfig.optional(),
            resources: resources.optional(),
          })
          .strict(),
        entityOperator: z
          .object({ topicOperator: z.object({ resources: resources.optional() }).strict().optional(), userOperator: z.object({}).strict().optional() })
          .strict()
          .optional(),
      })
      .strict(),
  })
  .strict();

const StrimziNodePool = z
  .object({
    apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
    kind: z.literal('KafkaNodePool'),
    metadata: clusterLabelled,
    spec: z
      .object({
        replicas: z.number().int().min(0),
        roles: z.array(z.enum(['controller', 'broker'])).min(1),
        resources: resources.optional(),
        storage: z
          .object({
            type: z.literal('jbod'),
            volumes: z
              .array(
                z
                  .object({
                    id: z.number().int().min(0),
                    type: z.enum(['persistent-claim', 'ephemeral']),
                    size: z.string().regex(/^[0-9]+([KMGTPE]i)$/),
                    deleteClaim: z.boolean().optional(),
                    kraftMetadata: z.literal('shared').optional(),
                    class: z.string().optional(),
                  })
                  .strict(),
              )
              .min(1),
          })
          .strict(),
      })
      .strict(),
  })
  .strict();

const StrimziTopic = z
  .object({
    apiVersion: z.literal('kafka.strimzi.io/v1beta2'),
    kind: z.literal('KafkaTopic'),
    metadata: clusterLabelled,
    spec: z
      .object({
        topicName: z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/).optional(),
        partitions: z.number().int().min(1),
        replicas: z.number().int().min(1).max(32767),
        config: kafkaConfig.optional(),
      })
      .strict(),
  })
  .strict();

/** KEDA's Kafka scaler metadata (https://keda.sh/docs/scalers/apache-kafka/): all values are strings. */
const intString = z.string().regex(/^\d+$/);
const boolString = z.enum(['true', 'false']);
export const KafkaTriggerMetadata = z
  .object({
    bootstrapServers: z.string().regex(/^[^:,\s]+:\d+(,[^:,\s]+:\d+)*$/),
    consumerGroup: z.string().min(1),
    topic: z.string().min(1),
    lagThreshold: intString.optional(),
    activationLagThreshold: intString.optional(),
    offsetResetPolicy: z.enum(['earliest', 'latest']).optional(),
    allowIdleConsumers: boolString.optional(),
    scaleToZeroOnInvalidOffset: boolString.optional(),
    excludePersistentLag: boolString.optional(),
    limitToPartitionsWithLag: boolString.optional(),
  })
  .strict();

export const crdSchemas: Record<string, z.ZodType> = {
  'kafka.strimzi.io/v1beta2/Kafka': StrimziKafka,
  'kafka.strimzi.io/v1beta2/KafkaNodePool': StrimziNodePool,
  'kafka.strimzi.io/v1beta2/KafkaTopic': StrimziTopic,
};

const id = (d: K8sDoc) => `${d.kind}/${d.metadata?.name ?? '?'}`;
const zodProblems = (d: K8sDoc, r: { success: boolean; error?: z.ZodError }) =>
  r.success ? [] : r.error!.issues.map((i) => `${id(d)}: ${i.path.join('/')}: ${i.message}`);

/** Strimzi documents against our schemas, and the Kafka trigger metadata of ScaledObjects. */
export function crdProblems(d: K8sDoc): string[] {
  const schema = crdSchemas[`${d.apiVersion}/${d.kind}`];
  if (schema) return zodProblems(d, schema.safeParse(d));
  if (d.apiVersion === 'keda.sh/v1alpha1' && d.kind === 'ScaledObject') {
    const triggers = ((d.spec?.triggers ?? []) as { type?: string; metadata?: unknown }[]);
    return triggers.flatMap((t, i) =>
      t.type === 'kafka'
        ? zodProblems(d, KafkaTriggerMetadata.safeParse(t.metadata)).map((p) => p.replace(': ', `: triggers/${i}/metadata/`))
        : [`${id(d)}: triggers/${i}: only kafka triggers are expected, got ${String(t.type)}`],
    );
  }
  return [];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered manifests are untyped JSON */
type Any = any;

const selects = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Rules across the documents of one rendered overlay. */
export function platformProblems(docs: K8sDoc[]): string[] {
  const p: string[] = [];
  const of = (kind: string) => docs.filter((d) => d.kind === kind) as Any[];
  const deployments = of('Deployment');
  const services = deployments.filter((d) => d.metadata.labels?.['techcredit.io/component'] === 'service');
  const workloads = [...deployments, ...of('StatefulSet')];
  const pdbs = of('PodDisruptionBudget');
  const topics = of('KafkaTopic');
  const scaled = of('ScaledObject');
  const kafkas = of('Kafka');
  const pools = of('KafkaNodePool');
  const partitionsOf = new Map<string, number>(topics.map((t) => [t.spec.topicName ?? t.metadata.name, t.spec.partitions]));

  for (const d of services) {
    const pod = d.spec.template.spec;
    const c = (pod.containers as Any[]).find((x) => x.name === 'service');
    if (!c) {
      p.push(`${id(d)}: no container named service`);
      continue;
    }
    if (c.readinessProbe?.httpGet?.path !== '/readyz') p.push(`${id(d)}: readiness probe must be GET /readyz`);
    if (c.livenessProbe?.httpGet?.path !== '/healthz') p.push(`${id(d)}: liveness probe must be GET /healthz`);
    if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) {
      p.push(`${id(d)}: needs cpu and memory requests and a memory limit`);
    }
    if (pod.securityContext?.runAsNonRoot !== true) p.push(`${id(d)}: pod must run as non-root`);
    if (c.securityContext?.readOnlyRootFilesystem !== true) p.push(`${id(d)}: root filesystem must be read-only`);
    if (c.securityContext?.allowPrivilegeEscalation !== false) p.push(`${id(d)}: privilege escalation must be off`);
    if ((pod.terminationGracePeriodSeconds ?? 30) < 30) p.push(`${id(d)}: terminationGracePeriodSeconds below the services' shutdown time`);
    const name = d.metadata.name as string;
    if (name !== 'gateway' && !scaled.some((s) => s.spec.scaleTargetRef?.name === name)) p.push(`${id(d)}: consumer service without a ScaledObject`);
  }
  for (const w of workloads) {
    if (!pdbs.some((b) => selects(b.spec.selector?.matchLabels, w.spec.template.metadata.labels))) p.push(`${id(w)}: no PodDisruptionBudget selects its pods`);
  }
  for (const b of pdbs) {
    if (!workloads.some((w) => selects(b.spec.selector?.matchLabels, w.spec.template.metadata.labels))) p.push(`${id(b)}: selects no workload`);
  }

  // Topics: every topic of libs/contracts and its DLQ, with at least TOPIC_PARTITIONS partitions.
  for (const t of Object.values(Topics).flatMap((t) => [t, dlqTopic(t)])) {
    const n = partitionsOf.get(t);
    if (n === undefined) p.push(`KafkaTopic ${t}: missing`);
    else if (n < TOPIC_PARTITIONS) p.push(`KafkaTopic ${t}: ${n} partitions, fewer than ${TOPIC_PARTITIONS}`);
  }
  const brokers = pools.filter((x) => x.spec.roles.includes('broker')).reduce((s, x) => s + x.spec.replicas, 0);
  for (const t of topics) {
    if (!kafkas.some((k) => k.metadata.name === t.metadata.labels?.['strimzi.io/cluster'])) p.push(`${id(t)}: its strimzi.io/cluster is no Kafka here`);
    if (t.spec.replicas > brokers) p.push(`${id(t)}: ${t.spec.replicas} replicas but ${brokers} brokers`);
    const isr = Number(t.spec.config?.['min.insync.replicas'] ?? 1);
    if (isr > t.spec.replicas) p.push(`${id(t)}: min.insync.replicas ${isr} above its ${t.spec.replicas} replicas`);
  }
  if (kafkas.length > 0 && brokers === 0) p.push('Kafka: no node pool has the broker role');
  if (kafkas.length > 0 && !pools.some((x) => x.spec.roles.includes('controller'))) p.push('Kafka: no node pool has the controller role (KRaft)');

  // ScaledObjects: a Deployment, known topics, the service's own groups, no more replicas than partitions.
  for (const s of scaled) {
    const target = s.spec.scaleTargetRef?.name;
    if (!deployments.some((d) => d.metadata.name === target)) p.push(`${id(s)}: scaleTargetRef ${target} is no Deployment`);
    let most = 0;
    for (const t of s.spec.triggers as Any[]) {
      const m = t.metadata ?? {};
      const n = partitionsOf.get(m.topic);
      if (n === undefined) p.push(`${id(s)}: trigger topic ${m.topic} is no KafkaTopic`);
      most = Math.max(most, n ?? 0);
      if (typeof m.consumerGroup === 'string' && !m.consumerGroup.startsWith(`${target}.`)) {
        p.push(`${id(s)}: consumer group ${m.consumerGroup} is not one of ${target}'s (<service>.<purpose>)`);
      }
    }
    if (s.spec.maxReplicaCount > most) p.push(`${id(s)}: maxReplicaCount ${s.spec.maxReplicaCount} above the ${most} partitions it consumes`);
  }
  if (!of('HorizontalPodAutoscaler').some((h) => h.spec.scaleTargetRef?.name === 'gateway')) p.push('gateway: no HorizontalPodAutoscaler');

  // Wiring: KAFKA_BROKERS names the Strimzi bootstrap service, MONGO_URL only existing members.
  const env = (of('ConfigMap').find((c) => c.metadata.name === 'techcredit-env')?.data ?? {}) as Record<string, string>;
  const bootstrap = kafkas.flatMap((k) => (k.spec.kafka.listeners as Any[]).map((l) => `${k.metadata.name}-kafka-bootstrap:${l.port}`));
  for (const b of (env.KAFKA_BROKERS ?? '').split(',').filter(Boolean)) if (!bootstrap.includes(b)) p.push(`ConfigMap techcredit-env: KAFKA_BROKERS ${b} is no Kafka listener here`);
  const members = of('StatefulSet').flatMap((s) => Array.from({ length: s.spec.replicas as number }, (_, i) => `${s.metadata.name}-${i}.${s.spec.serviceName}:27017`));
  const hosts = /^mongodb:\/\/([^/?]+)/.exec(env.MONGO_URL ?? '')?.[1]?.split(',') ?? [];
  if (hosts.length === 0) p.push('ConfigMap techcredit-env: MONGO_URL missing');
  for (const h of hosts) if (!members.includes(h)) p.push(`ConfigMap techcredit-env: MONGO_URL host ${h} is no replica-set member here`);
  const gw = deployments.find((d) => d.metadata.name === 'gateway');
  const gwc = gw?.spec.template.spec.containers.find((c: Any) => c.name === 'service');
  const keyFile = (gwc?.env as Any[] | undefined)?.find((e) => e.name === 'AUTH_PUBLIC_KEY_FILE')?.value as string | undefined;
  const mount = (gwc?.volumeMounts as Any[] | undefined)?.find((m) => keyFile?.startsWith(`${m.mountPath}/`));
  const vol = (gw?.spec.template.spec.volumes as Any[] | undefined)?.find((v) => v.name === mount?.name);
  if (!vol?.secret?.secretName || !of('Secret').some((s) => s.metadata.name === vol.secret.secretName)) {
    p.push('gateway: AUTH_PUBLIC_KEY_FILE is not in a mounted Secret of this overlay');
  }
  return p;
}
