/** Normalizers, header and date reading, encodings, file parsing and the address router. */
import { readFileSync } from 'node:fs';
import { makeIdNumber } from '@grid/shared';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withinOneTypo } from '../src/contexts/households/use-cases/person-identity';
import { parseCsv, parseImportFile } from '../src/contexts/screening/use-cases/cross-match-file';
import {
  checkRow,
  cleanText,
  detectEncoding,
  findHeaderRow,
  mapColumns,
  markDuplicates,
  missingColumns,
  normalizeName,
  normalizeRowIdNumber,
  normalizeRowPhone,
  parseLooseDate,
  toHalfWidth,
} from '../src/contexts/screening/use-cases/cross-match-normalize';
import { AddressRouter, villageSpellings } from '../src/contexts/screening/use-cases/cross-match-router';

const NOW = new Date('2024-03-01T04:00:00Z');
const fullWidth = (s: string) =>
  s.replace(/[0-9A-Za-z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

describe('text normalizers', () => {
  it('turns full-width ASCII and ideographic spaces into half width', () => {
    expect(toHalfWidth('ＡＢＣ１２３　＋８６')).toBe('ABC123 +86');
    expect(cleanText('  东营区\u3000府前街\t12 号\u200B ')).toBe('东营区 府前街 12 号');
    expect(normalizeName(' 阿布都 • 热合曼 ')).toBe('阿布都·热合曼');
    expect(normalizeName('王 建 国')).toBe('王建国');
  });

  it('reads ID numbers written with full-width digits, a lower-case x, spaces and an apostrophe', () => {
    const id = makeIdNumber('370502', '1985-07-14', '006');
    const withX = '37050219900101001X';
    expect(normalizeRowIdNumber(fullWidth(id))).toBe(id);
    expect(normalizeRowIdNumber(`'${id.slice(0, 6)} ${id.slice(6)}`)).toBe(id);
    expect(normalizeRowIdNumber(withX.toLowerCase())).toBe(withX);
    expect(normalizeRowIdNumber(fullWidth(withX.toLowerCase()))).toBe(withX);
  });

  it('reads mobile numbers with +86 / 0086 / 86 prefixes, dashes, brackets and full-width digits', () => {
    for (const written of [
      '+86 138 1234 5678',
      '008613812345678',
      '86-138-1234-5678',
      '(+86)13812345678',
      fullWidth('13812345678'),
      '＋８６　１３８１２３４５６７８',
    ]) {
      expect(normalizeRowPhone(written), written).toBe('13812345678');
    }
    expect(normalizeRowPhone('0546-8221234')).toBe('05468221234');
  });

  it('never changes what is already normal (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const once = cleanText(s);
        expect(cleanText(once)).toBe(once);
      }),
    );
    fc.assert(
      fc.property(
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.constantFrom('', '+86', '0086', '86', '+86 '),
        (p, prefix) => {
          expect(normalizeRowPhone(`${prefix}${p}`)).toBe(p);
          expect(normalizeRowPhone(fullWidth(`${prefix}${p}`))).toBe(p);
        },
      ),
    );
  });
});

describe('dates', () => {
  it('reads the ways people write a date', () => {
    for (const written of [
      '2024-01-23',
      '2024/1/23',
      '2024.1.23',
      '2024年1月23日',
      '20240123',
      '2024-01-23 10:30',
      '2024-01-23T10:30:00',
      '45314',
    ]) {
      expect(parseLooseDate(written, NOW), written).toEqual({ ok: true, date: '2024-01-23' });
    }
  });

  it('refuses impossible and future dates with a code', () => {
    expect(parseLooseDate('2024-02-30', NOW)).toEqual({ ok: false, code: 'DATE_INVALID' });
    expect(parseLooseDate('2023-13-01', NOW)).toEqual({ ok: false, code: 'DATE_INVALID' });
    expect(parseLooseDate('昨天', NOW)).toEqual({ ok: false, code: 'DATE_INVALID' });
    expect(parseLooseDate('2024-03-02', NOW)).toEqual({ ok: false, code: 'DATE_IN_FUTURE' });
    expect(parseLooseDate('2024-02-29', NOW)).toEqual({ ok: true, date: '2024-02-29' });
  });
});

describe('headers', () => {
  it('finds Chinese and English headers, below a title line, and applies a column map over them', () => {
    const table = [
      ['外地来东人员名单'],
      ['序号', '姓名', '身份证号码', '联系电话', '来自', '抵达日期', '现居住地址'],
    ];
    const at = findHeaderRow(table);
    expect(at).toBe(1);
    expect(mapColumns(table[1]!)).toEqual({
      name: 1,
      idNumber: 2,
      phone: 3,
      origin: 4,
      arrivalDate: 5,
      address: 6,
    });
    expect(mapColumns(['Name', 'ID Number', 'Mobile', 'Arrival Date', 'Current Address'])).toEqual({
      name: 0,
      idNumber: 1,
      phone: 2,
      arrivalDate: 3,
      address: 4,
    });
    expect(mapColumns(['人员', '证件', '住处'], { name: '人员', idNumber: 2, address: '住处' })).toEqual({
      name: 0,
      idNumber: 1,
      address: 2,
    });
    expect(missingColumns(mapColumns(['人员', '证件']))).toEqual(['name', 'idNumber', 'phone']);
    expect(findHeaderRow([['人员', '证件']])).toBe(-1);
  });
});

describe('rows', () => {
  const id = makeIdNumber('370502', '1985-07-14', '006');

  it('checks a row and keeps valid rows going with their issues', () => {
    const row = checkRow(
      {
        rowNumber: 3,
        cells: {
          name: ' 王 伟 ',
          idNumber: fullWidth(id),
          phone: '+86 13812345678',
          arrivalDate: '2024-02-30',
          address: ' 南李社区 ',
        },
      },
      NOW,
    );
    expect(row).toMatchObject({
      name: '王伟',
      idNumber: id,
      phone: '13812345678',
      birthDate: '1985-07-14',
      arrivalDate: null,
      address: '南李社区',
      invalid: false,
      issues: [{ code: 'DATE_INVALID' }],
    });
  });

  it('keeps the birth date of a mistyped ID number, and refuses rows with nothing to go on', () => {
    const mistyped = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
    expect(checkRow({ rowNumber: 1, cells: { name: '王伟', idNumber: mistyped } }, NOW)).toMatchObject({
      idNumber: null,
      invalidIdNumber: mistyped,
      birthDate: '1985-07-14',
      invalid: false,
      issues: [{ code: 'ID_NUMBER_INVALID', detail: 'CHECK_DIGIT' }],
    });
    expect(
      checkRow({ rowNumber: 2, cells: { name: '王伟', idNumber: '12345', phone: '12' } }, NOW),
    ).toMatchObject({
      invalid: true,
      issues: [{ code: 'ID_NUMBER_INVALID' }, { code: 'PHONE_INVALID' }, { code: 'IDENTITY_MISSING' }],
    });
    expect(checkRow({ rowNumber: 3, cells: { name: '', idNumber: id } }, NOW)).toMatchObject({
      invalid: true,
      issues: [{ code: 'NAME_MISSING' }],
    });
  });

  it('marks later rows naming the same person as duplicates of the first', () => {
    const rows = [
      checkRow({ rowNumber: 2, cells: { name: '王伟', idNumber: id } }, NOW),
      checkRow({ rowNumber: 3, cells: { name: '王伟', idNumber: fullWidth(id.toLowerCase()) } }, NOW),
      checkRow({ rowNumber: 4, cells: { name: '李娜', phone: '13812345678' } }, NOW),
      checkRow({ rowNumber: 5, cells: { name: '李娜', phone: '+86 138 1234 5678' } }, NOW),
      checkRow({ rowNumber: 6, cells: { name: '张三', phone: '13812345678' } }, NOW),
    ];
    markDuplicates(rows);
    expect(rows.map((r) => r.duplicateOf)).toEqual([null, 2, null, 4, null]);
    expect(rows[1]!.issues).toEqual([{ code: 'DUPLICATE_ROW', detail: '2' }]);
  });

  it('tells one typing slip apart from different people', () => {
    const other = makeIdNumber('370502', '1985-07-14', '016');
    const swapped = makeIdNumber('370502', '1985-07-14', '060');
    expect(withinOneTypo(id, other)).toBe(true);
    expect(withinOneTypo(id, swapped)).toBe(true);
    expect(withinOneTypo(id, makeIdNumber('370502', '1985-07-14', '123'))).toBe(false);
  });
});

describe('files', () => {
  it('parses quoted CSV with CRLF, embedded commas, quotes and new lines; guesses tabs', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n"f\ng",h\r\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['f\ng', 'h'],
    ]);
    expect(parseCsv('姓名\t手机号\n王伟\t138')).toEqual([
      ['姓名', '手机号'],
      ['王伟', '138'],
    ]);
  });

  it('detects UTF-8 (with or without BOM) and GBK, and gives up on anything else', () => {
    const text = '姓名,现住址\n王伟,东营区南李社区\n';
    const utf8 = new TextEncoder().encode(text);
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]))).toBe('utf-8');
    // 王伟 in GBK: CD F5 CE B0.
    expect(detectEncoding(Uint8Array.from([0xcd, 0xf5, 0xce, 0xb0, 0x2c, 0x31]))).toBe('gbk');
    expect(new TextDecoder('gbk').decode(Uint8Array.from([0xcd, 0xf5, 0xce, 0xb0]))).toBe('王伟');
    expect(detectEncoding(Uint8Array.from([0xff, 0xfe, 0xff, 0x80]))).toBeNull();
  });

  it('reads xlsx cells: numbers, dates, rich text, formulas; an ID typed as a number fails its check', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名单');
    const id = makeIdNumber('370502', '1985-07-14', '006');
    sheet.addRow(['姓名', '身份证号', '手机号', '到达日期', '现住址']);
    sheet.addRow([
      { richText: [{ text: '王' }, { text: '伟' }] },
      id,
      13812345678,
      new Date(Date.UTC(2024, 0, 23)),
      '南李社区',
    ]);
    sheet.addRow([
      '李娜',
      Number(id),
      { formula: '"138"&"12345679"', result: '13812345679' },
      '2024/1/24',
      '',
    ]);
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const parsed = await parseImportFile('list.xlsx', bytes, 'auto', undefined, NOW);
    if ('code' in parsed) throw new Error(parsed.code);
    expect(parsed.format).toBe('xlsx');
    expect(parsed.rows.map((r) => [r.name, r.idNumber, r.phone, r.arrivalDate])).toEqual([
      ['王伟', id, '13812345678', '2024-01-23'],
      ['李娜', null, '13812345679', '2024-01-24'],
    ]);
    expect(parsed.rows[1]!.issues.map((i) => i.code)).toEqual(['ID_NUMBER_INVALID']);
  });

  it('reports whole-file failures as codes', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(await parseImportFile('a.csv', enc('姓名,身份证号\n'), 'auto', undefined, NOW)).toEqual({
      code: 'IMPORT_NO_ROWS',
    });
    expect(await parseImportFile('a.csv', enc('甲,乙\n1,2\n'), 'auto', undefined, NOW)).toMatchObject({
      code: 'IMPORT_COLUMNS_MISSING',
    });
    expect(
      await parseImportFile('a.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0]), 'auto', undefined, NOW),
    ).toMatchObject({
      code: 'IMPORT_FORMAT_UNSUPPORTED',
    });
    expect(await parseImportFile('a.csv', Uint8Array.from([0xff, 0xff]), 'auto', undefined, NOW)).toEqual({
      code: 'IMPORT_ENCODING_UNKNOWN',
    });
  });
});

describe('address router over the Dongying registry', () => {
  const lines = readFileSync(new URL('../../data/regions/3705-dongying.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const regions = lines.map((l) => {
    const [code = '', name = '', level = ''] = l.split(',');
    return { code, name, level };
  });
  const router = new AddressRouter(regions, ['东营市']);

  it('spells committees the way addresses do', () => {
    const spelled = (name: string) => villageSpellings(name).sort();
    expect(spelled('东营社区居委会')).toEqual(['东营', '东营社区', '东营社区居委会'].sort());
    expect(spelled('北王屋村委会')).toEqual(['北王屋', '北王屋村', '北王屋村委会'].sort());
    expect(spelled('油建社区居民委员会')).toEqual(['油建', '油建社区', '油建社区居民委员会'].sort());
  });

  it('routes loosely written addresses to the community, else the street, else the district', () => {
    const cases: Array<[string, string | null]> = [
      ['东营区文汇街道东营社区府前街12号', '370502001011'],
      ['文汇街道 中王屋小区３号楼', '370502001013'],
      ['东营区油建社区5号', '370502001027'],
      ['黄河路街道南王屋社区8栋', '370502002002'],
      ['东营市东营区南李社区居委会2号', '370502002004'],
      ['广利港  7 号', '370502002012'],
      // 南李 is both a community of 黄河路街道 and a village of 龙居镇: the street decides.
      ['龙居镇南李村', '370502105217'],
      ['文汇街道青山社区1号', '370502001029'],
      ['河口区河口街道海宁路1号', '370503001'],
      ['河口区某某路1号', '370503'],
      ['金色家园小区1号楼', null],
      // The city's name alone routes nowhere.
      ['东营市某某小区', null],
    ];
    for (const [address, code] of cases) expect(router.route(address)?.code ?? null, address).toBe(code);
  });

  it('refuses to choose between two places of the same name', () => {
    // 府前社区 exists in 东城街道 and in 广饶街道.
    expect(router.route('府前社区3号')).toBeNull();
    expect(router.route('东城街道府前社区3号')?.code).toBe('370502003001');
  });
});
