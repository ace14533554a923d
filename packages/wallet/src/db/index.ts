export { ConflictResolver, type ConflictStats } from './conflict-resolver.js';
export { describeTarget, parseDatabaseUrl, redact, type DatabaseTarget } from './database-url.js';
export { openDatabase } from './open-database.js';
export { dropTables, initializeDatabase, schemaVersion } from './schema.js';
export {
  idOrNull,
  idText,
  int,
  intOrNull,
  textOrNull,
  type Backend,
  type Database,
  type Row,
  type SqlSession,
  type SqlValue,
} from './sql-session.js';
