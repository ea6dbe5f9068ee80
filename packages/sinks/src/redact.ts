// Matches the password part of `scheme://user:password@` and of libpq key/value strings (`password=secret`).
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)[^@\s]*@/gi;
const KEY_VALUE_PASSWORD = /\b(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s]+)/gi;

/**
 * Replaces passwords in connection strings anywhere in `text`:
 * `postgres://user:secret@host/db` → `postgres://user:***@host/db`, `password=secret` → `password=***`.
 */
export function redactConnectionString(text: string): string {
  return text.replace(URL_PASSWORD, '$1***@').replace(KEY_VALUE_PASSWORD, '$1***');
}
