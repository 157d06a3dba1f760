import { GraphQLError } from 'graphql';
import { createErrorFormatter } from './errors';

describe('error formatter', () => {
  const internal: unknown[] = [];
  const format = createErrorFormatter({ onInternalError: (_f, e) => internal.push(e) });

  it('keeps public codes and drops internal extensions', () => {
    expect(
      format(
        { message: 'Not allowed', path: ['user'], extensions: { code: 'FORBIDDEN', stacktrace: ['at x'], serviceName: 'identity' } },
        new Error(),
      ),
    ).toEqual({ message: 'Not allowed', path: ['user'], extensions: { code: 'FORBIDDEN' } });
  });

  it("gives Apollo Server's code-less client errors a code", () => {
    const mismatch = new GraphQLError('provided sha does not match query');
    expect(format({ message: mismatch.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, mismatch)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('keeps the stable reason that refines a public code', () => {
    expect(
      format(
        { message: 'Cannot accept now', extensions: { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION', details: {} } },
        new Error(),
      ),
    ).toEqual({ message: 'Cannot accept now', extensions: { code: 'BAD_USER_INPUT', reason: 'ILLEGAL_TRANSITION' } });
  });

  it('masks everything else', () => {
    const original = new Error('relation "users" does not exist');
    expect(format({ message: original.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: [] } }, original)).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(format({ message: 'boom' }, original).message).toBe('Internal server error');
    expect(internal).toHaveLength(2);
  });
});
