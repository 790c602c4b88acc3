import { ValidationProblem, computeOverDraft } from './problems';

describe('computeOverDraft', () => {
  it('passes the answer of a computation through', async () => {
    await expect(computeOverDraft(async () => 42)).resolves.toBe(42);
  });
  it('turns a RangeError (a figure beyond the exact integer range) into a 422 on draft.value', async () => {
    const overflow = async (): Promise<number> => {
      throw new RangeError('interestFen 1152921504606846976 exceeds the safe integer range'); // as toSafeNumber (libs/money) throws
    };
    const err = await computeOverDraft(overflow).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationProblem);
    expect((err as ValidationProblem).status).toBe(422);
    expect((err as ValidationProblem).errors).toEqual([
      { in: 'body', path: ['draft', 'value'], message: "the draft's figures cannot be computed exactly: interestFen 1152921504606846976 exceeds the safe integer range", code: 'out_of_range' },
    ]);
  });
  it('leaves any other failure as it is (a 5xx is the platform’s, not the draft’s)', async () => {
    await expect(computeOverDraft(async () => Promise.reject(new TypeError('bug')))).rejects.toThrow(TypeError);
  });
});
