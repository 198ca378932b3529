import type { PassColour } from '@grid/shared/pass';

/** The health pass screens' strings (issue 19): same rules as zh.ts. */
export const zhPasses = {
  tile: '通行码',
  title: '家庭通行码',
  printTitle: '打印通行证',
  colour: { green: '绿码', yellow: '黄码', red: '红码' } satisfies Record<PassColour, string>,
  /** What each colour asks of the holder (GB/T 38961's meaning, in a line). */
  colourHint: {
    green: '可正常通行',
    yellow: '请配合核查，暂缓出入',
    red: '请居家，不得出入',
  } satisfies Record<PassColour, string>,
  village: (name: string) => `所属：${name}`,
  expires: (at: string) => `有效期至 ${at}`,
  expired: '已过期，请联网刷新',
  offline: (at: string) => `无网络，显示的是 ${at} 取得的通行码`,
  none: '暂无通行码',
  member: (i: number, n: number) => `${i}/${n}`,
  refresh: '刷新',
  print: '打印通行证',
  printHint: '为没有智能手机的居民生成纸质通行证（PDF），打印后随身携带。',
  printing: '生成中…',
  printed: '已生成，可打印',
  open: '打开 PDF',
} as const;
