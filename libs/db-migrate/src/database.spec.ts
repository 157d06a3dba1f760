import { describeDatabase, parseDatabaseUrl, redactUrl, withDatabase, assertReachable } from './database';

describe('database URLs', () => {
  it('parses postgres URLs, with Prisma-style ?schema=', () => {
    const db = parseDatabaseUrl('postgresql://sladesk:s%40cret@db.local:55432/tickets?schema=core');
    expect(db).toMatchObject({ host: 'db.local', port: 55432, user: 'sladesk', database: 'tickets', schema: 'core' });
    expect(describeDatabase(db)).toBe('db.local:55432/tickets');
    expect(parseDatabaseUrl('postgres://u@h/d').port).toBe(5432);
  });

  it('points at another database on the same server without touching the rest', () => {
    const db = withDatabase(parseDatabaseUrl('postgresql://u:p@h:1/main?sslmode=disable'), 'shadow_1');
    expect(db.url).toBe('postgresql://u:p@h:1/shadow_1?sslmode=disable');
    expect(db.database).toBe('shadow_1');
  });

  it.each([
    ['not a url', /Invalid database URL "not a url"/],
    ['mysql://u:hunter22@h/d', /scheme must be postgresql:\/\/ \(got mysql:\/\/\)/],
    ['postgresql://u:hunter22@h:5432', /name the database/],
    ['postgresql://u:hunter22@h:5432/', /name the database/],
  ])('rejects %s with a readable message that never shows the password', (url, message) => {
    expect(() => parseDatabaseUrl(url)).toThrow(message);
    try {
      parseDatabaseUrl(url);
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter22');
    }
  });

  it('redacts passwords', () => {
    expect(redactUrl('postgresql://u:hunter22@h:1/d')).toBe('postgresql://u:***@h:1/d');
    expect(redactUrl('postgresql://u@h:1/d')).toBe('postgresql://u@h:1/d');
    expect(redactUrl('garbage://u:hunter22@ h')).not.toContain('hunter22');
  });

  it('names host:port when nothing listens there', async () => {
    await expect(assertReachable(parseDatabaseUrl('postgresql://u:p@127.0.0.1:1/d'))).rejects.toThrow(
      'Cannot reach PostgreSQL at 127.0.0.1:1: connection refused (is the server running?)',
    );
  });
});
