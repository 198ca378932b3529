/**
 * The bulk path for the synthetic city: rows written straight into DynamoDB Local's SQLite file
 * while DynamoDB Local is stopped, in the exact form DynamoDB Local itself writes them, through the
 * sqlite3 command-line shell in one transaction.
 *
 * Why: through BatchWriteItem, DynamoDB Local spends ~0.4 ms of CPU per item (request parsing and
 * validation, a stream record per write, SQLite statements one by one), about three quarters of the
 * two cores; a 1M-person city took 58 min. Here an item costs one JSON string and three SHA-1s in
 * Node and one row in SQLite.
 *
 * DynamoDB Local 3.3.0's row (a table `<TableName>` in shared-local-instance.db, schema read back
 * from the file): hashKey/rangeKey the key strings' UTF-8 bytes (BLOB); hashValue, rangeValue = SHA-1("LocalDdb" +
 * UTF-8 value), hashRangeValue = SHA-1("LocalDdb" + hashValue + rangeValue); itemSize DynamoDB's
 * item size (names + values, numbers (significant digits)/2 + 1, lists and maps 3 + 1 per element);
 * ObjectJSON the item's AttributeValue JSON; indexKey_N the GSI key strings, columns as the table's
 * TableInfo (`dm`) maps them. test/api/bench-load.test.ts checks every column against rows DynamoDB
 * Local wrote itself for the same items, and reads the bulk table back through DynamoDB Local.
 * No stream records are written (the bench's stack starts reading the stream at LATEST anyway).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** DynamoDB Local's one database file with -sharedDb. */
export const SHARED_DB_FILE = 'shared-local-instance.db';
const SALT = Buffer.from('LocalDdb');
const ROWS_PER_INSERT = 200;

export type PutRequest = { PutRequest: { Item: Record<string, unknown> } };

export function sqliteAvailable(): boolean {
  return spawnSync('sqlite3', ['-version']).status === 0;
}

function sqlite(dbFile: string, sql: string): string {
  const run = spawnSync('sqlite3', ['-bail', dbFile, sql], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`sqlite3: ${run.stderr.trim()}`);
  return run.stdout;
}

const sha1 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha1').update(SALT);
  for (const p of parts) h.update(p);
  return h.digest();
};

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

function numberSize(n: string): number {
  const [int = '', frac = ''] = n.replace('-', '').split('.');
  const i = int.replace(/^0+/, '');
  const digits = (i ? i + frac : frac.replace(/^0+/, '')).replace(/0+$/, '');
  return Math.ceil(digits.length / 2) + 1;
}

/**
 * A plain JS value as DynamoDB's AttributeValue JSON and its DynamoDB size, in one pass: what
 * `marshall` (removeUndefinedValues, arrays as lists), JSON.stringify and the size rules give,
 * without building AttributeValue objects (they were a third of the loader's CPU).
 */
function attribute(v: unknown): { json: string; size: number } | undefined {
  switch (typeof v) {
    case 'string':
      return { json: `{"S":${JSON.stringify(v)}}`, size: utf8(v) };
    case 'number': {
      if (!Number.isFinite(v)) throw new Error(`bulk load: not a DynamoDB number: ${v}`);
      const n = String(v);
      return { json: `{"N":"${n}"}`, size: numberSize(n) };
    }
    case 'boolean':
      return { json: `{"BOOL":${v}}`, size: 1 };
    case 'undefined':
      return undefined;
    case 'object': {
      if (v === null) return { json: '{"NULL":true}', size: 1 };
      if (Array.isArray(v)) {
        const parts: string[] = [];
        let size = 3;
        for (const e of v) {
          const a = attribute(e);
          if (!a) continue;
          parts.push(a.json);
          size += 1 + a.size;
        }
        return { json: `{"L":[${parts.join(',')}]}`, size };
      }
      if (v instanceof Set) {
        // A string set (the identity keys' holders): DynamoDB Local keeps its elements sorted.
        const list = [...v].map(String).sort();
        return { json: `{"SS":${JSON.stringify(list)}}`, size: list.reduce((a, e) => a + utf8(e), 0) };
      }
      if (Object.getPrototypeOf(v) !== Object.prototype)
        throw new Error('bulk load: only plain objects, arrays and scalars');
      const m = attributeMap(v as Record<string, unknown>, 1);
      return { json: `{"M":${m.json}}`, size: 3 + m.size };
    }
    default:
      throw new Error(`bulk load: no DynamoDB type for ${typeof v}`);
  }
}

/** A map's JSON and size; `perEntry`: a nested map's 1 byte per element (0 for the item itself). */
export function attributeMap(item: Record<string, unknown>, perEntry = 0): { json: string; size: number } {
  const parts: string[] = [];
  let size = 0;
  for (const k in item) {
    const a = attribute(item[k]);
    if (!a) continue;
    parts.push(`${JSON.stringify(k)}:${a.json}`);
    size += perEntry + utf8(k) + a.size;
  }
  return { json: `{${parts.join(',')}}`, size };
}

const text = (s: string | undefined) => (s === undefined ? 'NULL' : `'${s.replaceAll("'", "''")}'`);
/** DynamoDB Local binds key strings and the JSON as UTF-8 bytes: BLOB, not TEXT (a TEXT key is never found). */
const bytes = (s: string | undefined) => (s === undefined ? 'NULL' : `CAST(${text(s)} AS BLOB)`);
const blob = (b: Buffer) => `X'${b.toString('hex')}'`;

interface TableLayout {
  partitionKey: string;
  sortKey: string;
  /** indexKey_N column → attribute name. */
  indexColumns: Array<[column: string, attribute: string]>;
}

interface SqliteColumn {
  DynamoDBAttribute: { AttributeName: string };
  KeyType: string;
  SQLiteColumnName: string;
}

/** The key attributes and GSI columns, from the TableInfo DynamoDB Local wrote when it created the table. */
function tableLayout(dbFile: string, tableName: string): TableLayout {
  const info = JSON.parse(
    sqlite(dbFile, `select cast(TableInfo as text) from dm where TableName = ${text(tableName)};`) || 'null',
  ) as { UniqueIndexes?: SqliteColumn[]; UniqueGSIIndexes?: SqliteColumn[][] } | null;
  if (!info) throw new Error(`bulk load: table ${tableName} not in ${dbFile} (create it first)`);
  const key = (type: string) =>
    info.UniqueIndexes?.find((k) => k.KeyType === type)?.DynamoDBAttribute.AttributeName;
  const partitionKey = key('HASH');
  const sortKey = key('RANGE');
  if (!partitionKey || !sortKey) throw new Error('bulk load: the table needs a partition and a sort key');
  const indexColumns = (info.UniqueGSIIndexes ?? [])
    .flat()
    .map((c) => [c.SQLiteColumnName, c.DynamoDBAttribute.AttributeName] as [string, string]);
  return { partitionKey, sortKey, indexColumns };
}

/** One row's VALUES tuple, and the item's size. */
function row(layout: TableLayout, request: PutRequest): { sql: string; size: number } {
  const item = request.PutRequest.Item;
  const pk = item[layout.partitionKey];
  const sk = item[layout.sortKey];
  if (typeof pk !== 'string' || typeof sk !== 'string')
    throw new Error('bulk load: an item without string pk/sk');
  const { json, size } = attributeMap(item);
  const hv = sha1(Buffer.from(pk, 'utf8'));
  const rv = sha1(Buffer.from(sk, 'utf8'));
  const keyOf = (attr: string) => {
    const v = item[attr];
    return typeof v === 'string' ? v : undefined;
  };
  const sql = `(${[
    bytes(pk),
    bytes(sk),
    blob(hv),
    blob(rv),
    String(size),
    bytes(json),
    blob(sha1(hv, rv)),
    ...layout.indexColumns.map(([, attr]) => bytes(keyOf(attr))),
  ].join(',')})`;
  return { sql, size };
}

/** Items and DynamoDB bytes per item type, for the storage in the bill. */
export type SizesByType = Map<string, { items: number; bytes: number }>;

/**
 * Writes `items` into the table of DynamoDB Local's database in `dataDir` (DynamoDB Local must be
 * stopped; the table must exist). A key written twice keeps the last item, as BatchWrite would.
 */
export async function bulkLoad(
  dataDir: string,
  tableName: string,
  items: Iterable<PutRequest>,
  onProgress?: (items: number) => void,
  sizes?: SizesByType,
): Promise<number> {
  const dbFile = join(dataDir, SHARED_DB_FILE);
  const layout = tableLayout(dbFile, tableName);
  const columns = [
    'hashKey',
    'rangeKey',
    'hashValue',
    'rangeValue',
    'itemSize',
    'ObjectJSON',
    'hashRangeValue',
    ...layout.indexColumns.map(([c]) => c),
  ];
  // The secondary indexes are dropped and built again after the rows: one sort each instead of a
  // random B-tree insert per row.
  const indexes = sqlite(
    dbFile,
    `select sql from sqlite_master where type = 'index' and sql is not null and tbl_name = ${text(tableName)};`,
  )
    .split('\n')
    .filter(Boolean);
  const dropIndexes = indexes
    .map((sql) => `DROP INDEX ${/^CREATE INDEX (".*?"|\S+) ON/i.exec(sql)?.[1] ?? ''};\n`)
    .join('');
  const child = spawn(
    process.env.BULK_SINK ? 'sh' : 'sqlite3',
    process.env.BULK_SINK ? ['-c', 'cat > /dev/null'] : ['-bail', dbFile],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const write = (chunk: string) =>
    child.stdin.write(chunk) ? Promise.resolve() : new Promise<void>((r) => child.stdin.once('drain', r));
  // No journal and no fsync: a failed load is thrown away with its folder anyway.
  await write(
    `PRAGMA journal_mode=OFF;\nPRAGMA synchronous=OFF;\nPRAGMA cache_size=-262144;\nBEGIN;\n${dropIndexes}`,
  );
  const head = `INSERT OR REPLACE INTO "${tableName.replaceAll('"', '""')}" (${columns.join(',')}) VALUES\n`;
  let written = 0;
  let batch: string[] = [];
  for (const request of items) {
    const r = row(layout, request);
    batch.push(r.sql);
    if (sizes) {
      const type = String(request.PutRequest.Item.type ?? 'other');
      const t = sizes.get(type) ?? { items: 0, bytes: 0 };
      t.items++;
      t.bytes += r.size;
      sizes.set(type, t);
    }
    if (batch.length === ROWS_PER_INSERT) {
      await write(`${head}${batch.join(',\n')};\n`);
      written += batch.length;
      batch = [];
      if (onProgress && written % 100_000 === 0) onProgress(written);
    }
  }
  if (batch.length > 0) await write(`${head}${batch.join(',\n')};\n`);
  written += batch.length;
  child.stdin.end(`${indexes.map((sql) => `${sql};\n`).join('')}COMMIT;\n`);
  const code = await exited;
  if (code !== 0) throw new Error(`bulk load: sqlite3 exited with ${code}: ${stderr.trim().slice(0, 500)}`);
  return written;
}
