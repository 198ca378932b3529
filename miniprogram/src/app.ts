import { useDidShow, useLaunch } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { watchNetwork } from './services/network';
import { flushOutbox } from './services/outbox';
import { currentSession, installSessionAuth } from './services/session';
import './app.scss';

installSessionAuth();

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
