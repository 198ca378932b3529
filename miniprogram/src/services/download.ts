import Taro from '@tarojs/taro';

/**
 * Fetches a file the API answers (a workbook, a printed pass) and hands it to the person: a
 * download in the browser, WeChat's document viewer (print or forward from its menu) in the app.
 */
export async function downloadAndOpen(opts: {
  url: string;
  header: Record<string, string>;
  name: string;
  fileType: 'xlsx' | 'pdf';
}): Promise<string> {
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(opts.url, { headers: opts.header });
    if (!res.ok) throw new Error(`${res.status}`);
    const href = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = href;
    a.download = opts.name;
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
    return opts.name;
  }
  const file = await Taro.downloadFile({ url: opts.url, header: opts.header });
  if (file.statusCode !== 200) throw new Error(`${file.statusCode}`);
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: opts.fileType, showMenu: true });
  return opts.name;
}
