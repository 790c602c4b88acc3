import { ROLES, isRule } from '@techcredit/auth';
import { BENCHMARK_DATES, USCC_PATTERN } from '@techcredit/contracts';
import { makeUscc } from '@techcredit/reference';
import { openApiDocument } from './openapi';
import { gatewayRoutes } from './routes';

/** The route table and the OpenAPI document generated from it (no route is called here). */
const unused = () => {
  throw new Error('not called in this test');
};
const specs = gatewayRoutes({ client: { get: unused, post: unused }, publisher: { publish: unused }, now: unused });
const doc = openApiDocument(specs) as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>> };

describe('route table', () => {
  it('lists every route of the public API once', () => {
    const keys = specs.map((s) => `${s.method.toUpperCase()} ${s.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(
      [
        'POST /enterprises',
        'POST /enterprises/:id/designations',
        'POST /banks',
        'POST /enterprises/batch',
        'POST /designations/batch',
        'POST /banks/batch',
        'POST /policies',
        'POST /enterprises/:id/indicators',
        'GET /enterprises/:id/innovation-score',
        'GET /enterprises/:id/offers',
        'GET /enterprises/:id/subsidies',
        'POST /credit-products',
        'GET /credit-products',
        'GET /banks/:bankId/recommendations',
        'POST /loan-events',
        'GET /loans/:loanId',
        'GET /pledges',
        'GET /relending/claims',
        'GET /relending/applications',
        'GET /relending/summary',
        'GET /subsidies/summary',
        'GET /stats/lending',
        'GET /stats/benchmark',
        'POST /reference/total-loans',
        'GET /report',
        'GET /audit',
        'GET /audit/verify',
        'POST /enterprises/:id/innovation-score/what-if',
        'GET /stats/lending/series',
        'POST /loan-events/check',
      ].sort(),
    );
  });

  it('gives every route a rule, at least one role but never all four, and a strict query schema on every GET', () => {
    for (const s of specs) {
      expect(isRule(s.rule)).toBe(true);
      expect(s.roles.length).toBeGreaterThan(0);
      expect(s.roles.length).toBeLessThan(ROLES.length);
      if (s.method === 'get') expect(s.query).toBeDefined();
    }
  });
});

describe('openApiDocument', () => {
  it('is OpenAPI 3.1 with the public routes and every table route under /v1', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/asyncapi.json']) expect(doc.paths[p]?.get?.security).toEqual([]);
    for (const s of specs) {
      const op = doc.paths[`/v1${s.path.replace(/:(\w+)/g, '{$1}')}`]?.[s.method];
      expect(op).toBeDefined();
      expect(op!['x-roles']).toEqual(s.roles);
      expect(Object.keys(op!.responses as object)).toEqual(expect.arrayContaining([String(s.status), '401', '403']));
    }
  });

  it('documents request bodies from the zod schemas, path and query parameters, and the Idempotency-Key', () => {
    const post = doc.paths['/v1/enterprises/{id}/indicators']!.post!;
    const body = (post.requestBody as { content: { 'application/json': { schema: { properties: Record<string, unknown>; required: string[] } } } }).content[
      'application/json'
    ].schema;
    expect(Object.keys(body.properties).sort()).toEqual(['flags', 'indicators', 'year']);
    expect(body.required.sort()).toEqual(['flags', 'indicators', 'year']);
    const params = post.parameters as { name: string; in: string; required: boolean }[];
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ['id', 'path', true],
      ['Idempotency-Key', 'header', false],
      ['X-Correlation-Id', 'header', false],
    ]);
    const lending = doc.paths['/v1/stats/lending']!.get!.parameters as { name: string; required: boolean; schema: { enum?: string[] } }[];
    expect(lending.slice(0, 2).map((p) => [p.name, p.required])).toEqual([
      ['asOf', true],
      ['groupBy', false],
    ]);
    expect(lending[1]!.schema.enum).toEqual(['prefecture', 'zone', 'cluster', 'designation', 'bank']);
    const batch = doc.paths['/v1/loan-events']!.post!.requestBody as { content: { 'application/json': { schema: { properties: { events: { maxItems: number } } } } } };
    expect(batch.content['application/json'].schema.properties.events.maxItems).toBe(1000);
    for (const [path, field, itemField] of [
      ['/v1/enterprises/batch', 'enterprises', 'prefecture'],
      ['/v1/designations/batch', 'designations', 'enterpriseId'],
      ['/v1/banks/batch', 'banks', 'relendingQuotaFen'],
    ] as const) {
      const op = doc.paths[path]!.post!;
      const schema = (op.requestBody as { content: { 'application/json': { schema: { required: string[]; properties: Record<string, { minItems: number; maxItems: number; items: { properties: object } }> } } } })
        .content['application/json'].schema;
      expect([schema.required, schema.properties[field]!.minItems, schema.properties[field]!.maxItems]).toEqual([[field], 1, 1000]);
      expect(Object.keys(schema.properties[field]!.items.properties)).toContain(itemField);
      expect(op['x-roles']).toEqual(['admin']);
    }
  });

  it('documents the POST reads of the console (kind read): a JSON body, 200, and no Idempotency-Key', () => {
    const reads = specs.filter((s) => s.method === 'post' && s.kind === 'read').map((s) => s.path);
    expect(reads.sort()).toEqual(['/enterprises/:id/innovation-score/what-if', '/loan-events/check']);
    for (const path of reads) {
      const op = doc.paths[`/v1${path.replace(/:(\w+)/g, '{$1}')}`]!.post!;
      expect((op.parameters as { name: string }[]).map((p) => p.name)).not.toContain('Idempotency-Key');
      expect(Object.keys(op.responses as object)).toContain('200');
      expect(op.requestBody).toBeDefined();
    }
    const whatIf = doc.paths['/v1/enterprises/{id}/innovation-score/what-if']!.post!;
    const body = (whatIf.requestBody as { content: { 'application/json': { schema: { properties: Record<string, { properties?: object }>; required?: string[] } } } }).content['application/json'].schema;
    expect([Object.keys(body.properties).sort(), body.required, Object.keys(body.properties.indicators!.properties!).length]).toEqual([['indicators', 'year'], ['indicators'], 18]);
    expect([whatIf['x-roles'], whatIf['x-region-scope']]).toEqual([['enterprise', 'regulator'], 'checked']);
  });

  it('documents the lending series: from and to required, every=month, the slices of the as-of statistics', () => {
    const op = doc.paths['/v1/stats/lending/series']!.get!;
    const params = (op.parameters as { name: string; required: boolean; schema: { enum?: string[] } }[]).filter((p) => p.name !== 'X-Correlation-Id');
    expect(params.map((p) => [p.name, p.required, p.schema.enum])).toEqual([
      ['from', true, undefined],
      ['to', true, undefined],
      ['every', false, ['month']],
      ['groupBy', false, ['prefecture', 'zone', 'cluster', 'designation', 'bank']],
    ]);
    expect([op['x-roles'], op['x-region-scope']]).toEqual([['regulator'], 'filtered']);
  });

  it('documents the audit routes: admin and the whole-region regulator, a required date and optional filters', () => {
    const list = doc.paths['/v1/audit']!.get!;
    expect([list['x-roles'], list['x-region-scope']]).toEqual([['admin', 'regulator'], 'whole-region']);
    expect((list.parameters as { name: string; required: boolean }[]).filter((p) => p.name !== 'X-Correlation-Id').map((p) => [p.name, p.required])).toEqual([
      ['date', true],
      ['subject', false],
      ['route', false],
      ['limit', false],
      ['offset', false],
    ]);
    expect((doc.paths['/v1/audit/verify']!.get!.parameters as { name: string; required: boolean }[])[0]).toMatchObject({ name: 'date', required: true });
  });

  it('lists 400 on every route, 404 on every route that reads one thing by id, and states every regulator route’s region scope', () => {
    for (const s of specs) {
      const op = doc.paths[`/v1${s.path.replace(/:(\w+)/g, '{$1}')}`]![s.method]!;
      const statuses = Object.keys(op.responses as object);
      expect(statuses).toContain('400');
      if (s.method === 'get' && s.params) expect([s.path, statuses.includes('404')]).toEqual([s.path, true]);
      expect([s.path, s.roles.includes('regulator'), s.regionScope !== 'none']).toEqual([s.path, s.roles.includes('regulator'), s.roles.includes('regulator')]);
      expect(op['x-region-scope']).toBe(s.regionScope);
    }
  });

  it('documents the USCC pattern (matching real codes), numeric query parameters as decimal digits, and the benchmark dates', () => {
    const id = (doc.paths['/v1/enterprises/{id}/offers']!.get!.parameters as { name: string; schema: { pattern?: string } }[])[0]!;
    expect(id.schema.pattern).toBe(USCC_PATTERN);
    expect(new RegExp(USCC_PATTERN).test(makeUscc(123))).toBe(true);
    const year = (doc.paths['/v1/relending/summary']!.get!.parameters as { name: string; schema: { pattern?: string; type?: string } }[])[0]!;
    expect(year).toMatchObject({ name: 'year', schema: { type: 'string', pattern: '^(0|-?[1-9][0-9]{0,14})$' } });
    const asOf = (doc.paths['/v1/stats/benchmark']!.get!.parameters as { name: string; schema: { enum?: string[] } }[])[0]!;
    expect(asOf.schema.enum).toEqual([...BENCHMARK_DATES]);
    const reportAsOf = (doc.paths['/v1/report']!.get!.parameters as { schema: { description?: string } }[])[0]!;
    expect(reportAsOf.schema.description).toContain('2000-01-01 to 2100-12-31');
  });
});
