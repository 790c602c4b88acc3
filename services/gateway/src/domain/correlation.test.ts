import { correlationIdFrom } from './correlation';

describe('correlationIdFrom', () => {
  const fresh = () => 'fresh-id';
  it("keeps a caller's usable id (trimmed)", () => {
    expect(correlationIdFrom('req-42', fresh)).toBe('req-42');
    expect(correlationIdFrom(' 7c9e6679-7425-40de-944b-e07fc1f90ae7 ', fresh)).toBe('7c9e6679-7425-40de-944b-e07fc1f90ae7');
    expect(correlationIdFrom('x'.repeat(200), fresh)).toBe('x'.repeat(200));
  });
  it('replaces a missing, empty, too long or unsafe one', () => {
    expect(correlationIdFrom(undefined, fresh)).toBe('fresh-id');
    expect(correlationIdFrom('', fresh)).toBe('fresh-id');
    expect(correlationIdFrom('x'.repeat(201), fresh)).toBe('fresh-id');
    expect(correlationIdFrom('a b', fresh)).toBe('fresh-id');
    expect(correlationIdFrom('a\r\nSet-Cookie: x', fresh)).toBe('fresh-id');
    expect(correlationIdFrom('<script>', fresh)).toBe('fresh-id');
  });
});
