import { create } from 'qrcode';

/**
 * A pass as a QR code, drawn by whoever shows it (the app as SVG, the printed pass as PDF
 * rectangles) from the same runs of dark modules. Error correction M (15 %): a phone screen or a
 * creased printout still scans; the whole text is QR-alphanumeric (base45), so one segment.
 */
export const PASS_QR_LEVEL = 'M';

export interface PassQr {
  version: number;
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Horizontal runs of dark modules: [x, y, length]. */
  runs: [number, number, number][];
}

export function passQr(text: string): PassQr {
  const qr = create(text, { errorCorrectionLevel: PASS_QR_LEVEL });
  const { size, data } = qr.modules;
  const runs: [number, number, number][] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (data[y * size + x]) {
        const start = x;
        while (x < size && data[y * size + x]) x++;
        runs.push([start, y, x - start]);
      } else x++;
    }
  }
  return { version: qr.version, size, runs };
}

/** An SVG of the QR code with a 4-module quiet zone, one path, scaled by the viewer. */
export function passQrSvg(text: string): string {
  const { size, runs } = passQr(text);
  const side = size + 8;
  const path = runs.map(([x, y, w]) => `M${x + 4} ${y + 4}h${w}v1h-${w}z`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${side * 8}" height="${side * 8}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
