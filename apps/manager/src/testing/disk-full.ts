/** What better-sqlite3 throws when the disk is full (a SqliteError with this code and message). */
export function diskFullError(): Error {
  return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
}
