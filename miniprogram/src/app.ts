import { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { keepTopPageShown } from './services/h5-router';
import { watchNetwork } from './services/network';
import { flushOutbox } from './services/outbox';
import { currentSession, installSessionAuth } from './services/session';
import './app.scss';

installSessionAuth();

// h5: the app shell (every file of the build) is kept by a service worker (scripts/write-sw.mjs), so
// a reload without signal opens the app instead of the browser's error page. WeChat has its own.
if (process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined' && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
}
// h5: going back right after opening a page could leave the previous page hidden (a Taro router race).
if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') keepTopPageShown();

function flushWhenSignedIn() {
  if (currentSession()) void flushOutbox();
}

// Children are the pages Taro renders.
function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    watchNetwork();
    flushWhenSignedIn();
  });
  // Coming back to the foreground is the moment a queued submission most likely gets through.
  useDidShow(flushWhenSignedIn);
  return children;
}

export default App;
