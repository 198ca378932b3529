// Every UI string of the mini program, so another language can follow as a sibling module.
export const zh = {
  appName: '网格防疫',
  indexTitle: '网格防疫',
  tagline: '社区网格化疫情防控平台',
  demoLogin: {
    heading: '演示登录',
    hint: '选择一个演示身份登录（仅限开发与测试环境）',
    identities: {
      'demo-admin': '市级管理员',
      'demo-street': '街道中心',
      'demo-gw1': '网格员 1',
      'demo-gw2': '网格员 2',
      'demo-res1': '居民 1',
    },
    notLoggedIn: '未登录',
    loggingIn: '登录中…',
    loggedIn: (name: string, role: string) => `已登录：${name} (${role})`,
    failed: (reason: string) => `登录失败：${reason}`,
  },
} as const;

export type DemoOpenid = keyof typeof zh.demoLogin.identities;
