/**
 * Police / health / rail lists as they arrive, for the cross-match API tests and the benchmark:
 * realistic names, ID numbers written with full-width digits, lower-case x and spaces, +86 phones,
 * loosely written addresses that land in known grids or in centres' queues, bad rows and repeats.
 * Free of vitest, so the benchmark can use it outside a test run.
 */
import { randomInt } from 'node:crypto';
import { makeIdNumber } from '@grid/shared';
import { fullWidth, idEndingInX } from '../api/support/lists';

export const LIST_HEADER = ['姓名', '身份证号', '手机号', '来源地', '到达日期', '现住址'];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰建国志红'.split('');
let nameSeq = randomInt(0, 10_000);
/** Distinct, realistic names (never the fixtures' 测试… names). */
export function freshName(): string {
  nameSeq++;
  const [s, g] = [SURNAMES.length, GIVEN.length];
  return `${SURNAMES[nameSeq % s]}${GIVEN[Math.floor(nameSeq / s) % g]}${GIVEN[Math.floor(nameSeq / (s * g)) % g]}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * Arrivals meant to be unknown are born in 利津县 (370522), where no test registers anyone: with
 * 东营区 IDs a list of thousands met, now and then, a person another test file had registered.
 */
const UNKNOWN_COUNTY = '370522';

/** A valid ID number from 利津县 with a random birth date and sequence. */
export function randomIdNumber(): string {
  const birthDate = `${randomInt(1940, 2016)}-${pad2(randomInt(1, 13))}-${pad2(randomInt(1, 29))}`;
  return makeIdNumber(UNKNOWN_COUNTY, birthDate, String(randomInt(0, 1000)).padStart(3, '0'));
}

export function randomPhone(): string {
  return `1${randomInt(5, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

/** Where loosely written addresses must land (demo regions): a community's first grid. */
export const PLACES = [
  { write: (n: number) => `东营区文汇街道东营社区府前街${n}号`, grid: '370502001011001' },
  { write: (n: number) => `文汇街道 中王屋小区${fullWidth(String(n))}号楼`, grid: '370502001013001' },
  { write: (n: number) => `东营区油建社区${n}号`, grid: '370502001027001' },
  { write: (n: number) => `黄河路街道南王屋社区${n}栋`, grid: '370502002002001' },
  { write: (n: number) => `东营市东营区南李社区居委会${n}号`, grid: '370502002004001' },
  { write: (n: number) => `广利港  ${n} 号`, grid: '370502002012001' },
] as const;

/** Addresses no grid takes: a street's, a district's or the importing centre's queue. */
export const QUEUES = [
  // A community without grids: its street's queue.
  { write: (n: number) => `文汇街道青山社区${n}号`, queue: '370502001', level: 'township', issues: [] },
  { write: (n: number) => `河口区河口街道海宁路${n}号`, queue: '370503001', level: 'township', issues: [] },
  // Only the district named: the district's queue.
  { write: (n: number) => `河口区某某路${n}号`, queue: '370503', level: 'county', issues: [] },
  // Nothing known: the importing centre's own queue (the city).
  {
    write: (n: number) => `金色家园小区${n}号楼`,
    queue: '3705',
    level: 'city',
    issues: ['ADDRESS_UNROUTABLE'],
  },
] as const;

/** A person already on file that a list should find again. */
export interface KnownPerson {
  name: string;
  idNumber: string;
  phone: string | null;
}

export interface MessyList {
  header: string[];
  rows: string[][];
  /** What processing the list against the demo registry must give. */
  expected: { matched: number; routed: number; queued: number; invalid: number; duplicate: number };
}

/**
 * A list of `rows` data rows: every `known` person once (by ID number, or by phone when asked),
 * 1 % invalid rows, 1 % repeats of earlier rows, 4 % to centres' queues, the rest routed to grids.
 */
export function messyList(rows: number, known: readonly KnownPerson[] = []): MessyList {
  const out: string[][] = [];
  const expected = { matched: 0, routed: 0, queued: 0, invalid: 0, duplicate: 0 };
  const used = new Set(known.map((p) => p.idNumber));
  const firsts: string[][] = [];
  for (const [i, p] of known.entries()) {
    if (out.length >= rows) break;
    const byPhone = i % 2 === 1 && p.phone;
    out.push([
      p.name,
      byPhone ? '' : i % 3 === 0 ? fullWidth(p.idNumber) : p.idNumber.toLowerCase(),
      byPhone ? `+86 ${p.phone}` : '',
      '武汉市',
      '2024-01-20',
      PLACES[0].write(i),
    ]);
    expected.matched++;
  }
  while (out.length < rows) {
    const n = out.length;
    if (n % 100 === 7) {
      // No name, or an ID that is no ID and no phone.
      out.push(
        n % 200 === 7
          ? ['', randomIdNumber(), randomPhone(), '武汉市', '2024-01-20', PLACES[0].write(n)]
          : [freshName(), `37050219${n % 10}`, '', '武汉市', '2024-01-20', PLACES[1].write(n)],
      );
      expected.invalid++;
      continue;
    }
    const earlier = firsts[n % 50];
    if (n % 100 === 53 && earlier) {
      // The same person again, the ID number padded with spaces.
      out.push([earlier[0]!, ` ${earlier[1]!} `, '', '武汉市', '2024-01-21', PLACES[2].write(n)]);
      expected.duplicate++;
      continue;
    }
    let id = n % 7 === 0 ? idEndingInX(UNKNOWN_COUNTY) : randomIdNumber();
    while (used.has(id)) id = randomIdNumber();
    used.add(id);
    const queue = n % 25 === 0 ? QUEUES[(n / 25) % QUEUES.length] : undefined;
    const place = PLACES[n % PLACES.length]!;
    const phone = n % 2 === 0 ? `+86${randomPhone()}` : '';
    const written =
      n % 5 === 0 ? fullWidth(id.toLowerCase()) : n % 11 === 0 ? `${id.slice(0, 6)} ${id.slice(6)}` : id;
    const row = [
      freshName(),
      written,
      phone,
      n % 3 === 0 ? '武汉市' : '湖北省孝感市',
      `2024-01-${pad2((n % 28) + 1)}`,
      queue ? queue.write(n) : place.write(n),
    ];
    out.push(row);
    if (firsts.length < 50) firsts.push([row[0]!, id]);
    if (queue) expected.queued++;
    else expected.routed++;
  }
  return { header: LIST_HEADER, rows: out, expected };
}

/** The file cut into parts of at most `maxBytes` each, at byte boundaries (characters may split). */
export function splitBytes(bytes: Uint8Array, maxBytes: number): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += maxBytes)
    parts.push(Buffer.from(bytes.subarray(at, at + maxBytes)));
  return parts;
}
