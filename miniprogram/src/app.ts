import type { PropsWithChildren } from 'react';
import './app.scss';

// Children are the pages Taro renders.
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
