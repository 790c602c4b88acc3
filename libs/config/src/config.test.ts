import { z } from 'zod';
import { BaseConfigSchema, ConfigError, loadConfig, serviceConfigSchema } from './index';

describe('loadConfig', () => {
  test('applies defaults and parses the broker list', () => {
    const c = loadConfig(BaseConfigSchema, { SERVICE_NAME: 'stats', KAFKA_BROKERS: 'a:1, b:2' });
    expect(c.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(c.MONGO_URL).toBe('mongodb://127.0.0.1:27017');
    expect(c.HTTP_PORT).toBe(0);
    expect(c.TECHCREDIT_NAMESPACE).toBe('');
  });

  test('names every bad variable with its doc in one error', () => {
    let err: unknown;
    try {
      loadConfig(serviceConfigSchema({ AUTH_ISSUER: z.string().min(1).describe('expected JWT issuer') }), {
        SERVICE_NAME: 'gateway',
        KAFKA_BROKERS: 'no-port',
        HTTP_PORT: '99999',
        MONGO_URL: 'postgres://x',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['AUTH_ISSUER', 'HTTP_PORT', 'KAFKA_BROKERS', 'MONGO_URL']);
    expect((err as Error).message).toContain('AUTH_ISSUER');
    expect((err as Error).message).toContain('expected JWT issuer');
    expect((err as Error).message).toContain('comma-separated Kafka bootstrap brokers');
  });
});
