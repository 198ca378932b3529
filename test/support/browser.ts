import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium fonts-wqy-microhei); playwright never downloads one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface LaunchedBrowser {
  context: BrowserContext;
  /** Closes Chromium and deletes its profile directory. */
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile, a phone-sized viewport, Chinese locale and Shanghai time. */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'grid-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 390, height: 844 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  } catch (error) {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    close: async () => {
      try {
        await context.close();
      } finally {
        await rm(profileDir, { recursive: true, force: true });
      }
    },
  };
}
