/**
 * The printed pass (for a resident without a smartphone): one A4 page whose upper half is the pass —
 * the colour as a band and in large type (a black-and-white printer keeps the word), the masked name,
 * the village, the expiry and the QR code drawn as vector squares from the same module runs the app
 * draws, so it stays sharp at any printer resolution. Chinese text uses a GB2312 subset of WenQuanYi
 * Micro Hei (pass-font.ttf, 1.2 MB; characters outside it print as □), embedded as a subset per PDF.
 */
import { readFileSync } from 'node:fs';
import { type IssuedPass, localDateTimeText } from '@grid/shared';
import { passQr } from '@grid/shared/pass';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, type PDFPage, rgb } from 'pdf-lib';

const COLOURS = {
  green: { word: '绿码', hint: '可正常通行', fill: rgb(0.1, 0.56, 0.24) },
  yellow: { word: '黄码', hint: '请配合核查，暂缓出入', fill: rgb(0.96, 0.77, 0) },
  red: { word: '红码', hint: '请居家，不得出入', fill: rgb(0.78, 0.16, 0.16) },
} as const;

const MM = 72 / 25.4;
let fontBytes: Uint8Array | undefined;

function font(): Uint8Array {
  // Next to this module in the source tree, next to the bundle in Lambda (copied at bundling).
  fontBytes ??= readFileSync(new URL('./pass-font.ttf', import.meta.url));
  return fontBytes;
}

function centred(page: PDFPage, f: PDFFont, text: string, size: number, y: number, colour = rgb(0, 0, 0)) {
  const width = f.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (page.getWidth() - width) / 2, y, size, font: f, color: colour });
}

/** Characters the font lacks become □, rather than failing the whole pass. */
function printable(f: PDFFont, text: string): string {
  const set = new Set(f.getCharacterSet());
  return Array.from(text, (c) => (set.has(c.codePointAt(0) as number) ? c : '□')).join('');
}

export async function renderPassPdf(pass: IssuedPass): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`健康通行证 ${pass.maskedName}`);
  doc.setCreator('网格防疫');
  const f = await doc.embedFont(font(), { subset: false });
  const page = doc.addPage([210 * MM, 297 * MM]);
  const top = page.getHeight() - 15 * MM;
  const colour = COLOURS[pass.colour];
  const left = 25 * MM;
  const cardWidth = page.getWidth() - 2 * left;

  // The card's frame and its colour band with the colour word.
  page.drawRectangle({
    x: left,
    y: top - 250 * MM,
    width: cardWidth,
    height: 250 * MM,
    borderColor: colour.fill,
    borderWidth: 4,
  });
  page.drawRectangle({ x: left, y: top - 42 * MM, width: cardWidth, height: 42 * MM, color: colour.fill });
  const onBand = pass.colour === 'yellow' ? rgb(0.1, 0.1, 0.1) : rgb(1, 1, 1);
  centred(page, f, `健康通行证 · ${colour.word}`, 30, top - 20 * MM, onBand);
  centred(page, f, colour.hint, 14, top - 34 * MM, onBand);

  centred(page, f, printable(f, pass.maskedName), 30, top - 60 * MM);
  centred(page, f, printable(f, `所属：${pass.regionName}`), 13, top - 70 * MM);

  // The QR code: 100 mm wide with its quiet zone; one rectangle per run of dark modules.
  const qr = passQr(pass.text);
  const side = 100 * MM;
  const module = side / (qr.size + 8);
  const qrX = (page.getWidth() - side) / 2;
  const qrTop = top - 76 * MM;
  for (const [x, y, w] of qr.runs) {
    page.drawRectangle({
      x: qrX + (x + 4) * module,
      y: qrTop - (y + 5) * module,
      width: w * module,
      height: module,
      color: rgb(0, 0, 0),
    });
  }
  const below = qrTop - side - 10 * MM;
  centred(page, f, `有效期至 ${localDateTimeText(pass.expiresAt)}`, 15, below);
  centred(
    page,
    f,
    `签发 ${localDateTimeText(pass.issuedAt)}　编号 ${pass.passId.slice(0, 8)}`,
    10,
    below - 8 * MM,
    rgb(0.3, 0.3, 0.3),
  );
  centred(page, f, '仅限本人使用 · 过期作废 · 以扫码核验结果为准', 10, below - 15 * MM, rgb(0.3, 0.3, 0.3));
  return doc.save();
}
