import { z } from 'zod';
import { scoreEventId } from './event-id';

describe('scoreEventId', () => {
  const a = { enterpriseId: 'E', total: '50.00' };
  const b = { enterpriseId: 'E', total: '51.00' };
  it('is a valid UUID, the same for the same predecessor and content', () => {
    const id = scoreEventId(null, a);
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(scoreEventId(null, { enterpriseId: 'E', total: '50.00' })).toBe(id);
  });
  it('differs with the content or the predecessor (A → B → A gets a new id)', () => {
    const first = scoreEventId(null, a);
    const second = scoreEventId(first, b);
    const third = scoreEventId(second, a);
    expect(new Set([first, second, third]).size).toBe(3);
  });
});
