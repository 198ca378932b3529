/**
 * Writes docs/api.md from the manifest and the error catalogue (`npm run docs:api`); a unit test
 * fails when the committed file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { ERROR_CATALOGUE } from '@grid/shared';
import { manifest } from '../src/manifest';

export function renderApiDoc(): string {
  const routes = manifest.routes
    .map((r) => {
      const who = r.auth === 'public' ? 'anyone' : r.auth.roles.join(', ');
      const idem = r.request.headers?.includes('idempotency-key') ? ' · `Idempotency-Key`' : '';
      const statuses = Object.keys(r.responses).join(', ');
      const cached = r.cacheControl ? ` · \`Cache-Control: ${r.cacheControl}\`` : '';
      return `| \`${r.method} ${r.path}\` | ${r.summary}${idem}${cached} | ${who} | ${statuses} |`;
    })
    .join('\n');
  const keyed = manifest.routes
    .filter((r) => r.request.headers?.includes('idempotency-key'))
    .map((r) => `\`${r.method} ${r.path}\``)
    .join(', ');
  const errors = Object.entries(ERROR_CATALOGUE)
    .map(([code, e]) => `| \`${code}\` | ${e.status} | ${e.zh} | ${e.en} |`)
    .join('\n');
  return `# API

Generated from the manifest by \`npm run docs:api\`; the full schemas are in the OpenAPI document
served at \`GET /v1/openapi.json\` (also generated, from the same zod schemas).

## Conventions

- JSON in and out (\`content-type: application/json\`), everything under \`/v1\`.
- \`Authorization: Bearer <token>\` from \`POST /v1/auth/wechat\`; tokens last 12 hours. When the
  user's access shrinks (a grid taken away, the account disabled) the old token is refused within
  60 s with 401 \`TOKEN_REVOKED\`: sign in again to get what the user may do now.
- Writes a phone may retry carry an \`Idempotency-Key\` header (8–64 of \`A-Z a-z 0-9 _ -\`): the same key
  and body return the original answer with 200; the same key with another body is 422.
  **These writes require it** (400 \`IDEMPOTENCY_KEY_REQUIRED\` without it): ${keyed}.
  No other write reads the header: a state change (acknowledge, verify, resolve…) answers a repeat
  with the same result or 409, but a repeated create of another kind (a grid without a sequence, a
  place, an import) makes a second one.
- Unknown fields are refused (400 with the field named in \`details\`). Every issue is listed in
  \`details.issues\` with its field path, in the order the schema declares the fields; the first one
  decides the code (its own, e.g. \`GRID_CODE_INVALID\`, or \`VALIDATION_FAILED\`).
- Answers are \`Cache-Control: no-store\` unless the route below names another (the pass keys).
- Names need at least one visible character; text with lone surrogates or invalid UTF-8 is refused.
- Lists are paged with \`limit\` and an opaque \`cursor\`; the answer's \`nextCursor\` is null on the last page,
  and a page holds items unless it is the last. A cursor works only for the list, filters and
  partition that made it: edited, guessed or reused elsewhere it is 400 \`INVALID_CURSOR\`.
- Days and the morning (before 12:00) / evening slots are Asia/Shanghai.
- ID numbers and phones come back masked (\`370502********1234\`, \`138****5678\`); only
  \`GET /v1/persons/{personId}/contact\` gives staff in scope the full phone.
- An id the caller may not see answers 403 \`FORBIDDEN_SCOPE\` whether or not it exists.

## Errors

Every refusal has the body \`{ "error": { "code": "…", "message": "中文 / English", "details": … } }\`.

| code | status | 中文 | English |
| --- | --- | --- | --- |
${errors}

## Routes

| route | what | who | success |
| --- | --- | --- | --- |
${routes}

## Local testing: the clock hooks and the control port

Only the local runtime (\`npm start\`, the API tests) sets \`LOCAL_CLOCK_OVERRIDE=on\`; a deployed API
ignores both hooks.

- \`x-local-now: <ISO instant>\` on any request runs that one request as if the clock read that
  instant (e.g. \`x-local-now: 2026-03-02T09:30:00+08:00\` for a morning check-in on 2 March).
- \`POST http://127.0.0.1:3009/schedules/<name>/run?at=<ISO instant>\` (the control port,
  \`CONTROL_PORT\`) runs one job now, as if at that instant; without \`at\` at the real time. The
  answer is \`{ "ok": true, "result": … }\` with what the job reported.
- \`POST http://127.0.0.1:3009/streams/drain\` waits until the stream consumers have processed
  everything written before the call.
- While the local stack seeds its demo data every request answers 503 \`STARTING\` with
  \`Retry-After\`.

## Stream consumers and schedules

${manifest.streamConsumers.map((c) => `- stream \`${c.name}\`: ${c.description}`).join('\n')}
${manifest.schedules.map((s) => `- every ${s.everyMinutes} min \`${s.name}\`: ${s.description}`).join('\n')}
`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../../docs/api.md', import.meta.url), renderApiDoc());
  console.log('docs/api.md written');
}
