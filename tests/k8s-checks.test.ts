import { Topics, dlqTopic } from '@techcredit/contracts';
import { crdProblems, platformProblems, type K8sDoc } from '../deploy/k8s/checks';

const topic = (name: string, partitions = 12, extra: Record<string, unknown> = {}): K8sDoc => ({
  apiVersion: 'kafka.strimzi.io/v1beta2',
  kind: 'KafkaTopic',
  metadata: { name, labels: { 'strimzi.io/cluster': 'techcredit' } },
  spec: { topicName: name, partitions, replicas: 1, ...extra },
});

describe('deploy/k8s checks (the rules npm run k8s:validate applies after the core schemas)', () => {
  it('accepts a KafkaTopic of the Strimzi subset and rejects an unknown field', () => {
    expect(crdProblems(topic('techcredit.loan.v1'))).toEqual([]);
    expect(crdProblems(topic('techcredit.loan.v1', 12, { partition: 12 })).join()).toMatch(/spec/);
  });

  it("rejects a misspelt key of KEDA's Kafka trigger", () => {
    const so = (metadata: Record<string, string>): K8sDoc => ({
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: 'stats' },
      spec: { scaleTargetRef: { name: 'stats' }, triggers: [{ type: 'kafka', metadata }] },
    });
    const good = { bootstrapServers: 'techcredit-kafka-bootstrap:9092', consumerGroup: 'stats.loans', topic: 'techcredit.loan.v1', lagThreshold: '1000' };
    expect(crdProblems(so(good))).toEqual([]);
    const { consumerGroup, ...rest } = good;
    expect(crdProblems(so({ ...rest, consumergroup: consumerGroup })).length).toBeGreaterThan(0);
  });

  it('wants every contract topic and its DLQ with at least 12 partitions', () => {
    const all = Object.values(Topics).flatMap((t) => [t, dlqTopic(t)]);
    const missing = platformProblems(all.slice(1).map((t) => topic(t)));
    expect(missing).toContain(`KafkaTopic ${all[0]}: missing`);
    const small = platformProblems(all.map((t, i) => topic(t, i === 0 ? 6 : 12)));
    expect(small).toContain(`KafkaTopic ${all[0]}: 6 partitions, fewer than 12`);
  });
});
