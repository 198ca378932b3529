import Taro from '@tarojs/taro';

/**
 * h5 only: the page on top of the page stack is never left hidden.
 *
 * Taro 4.2's h5 router (PageHandler in @tarojs/router) hides the page being left by navigateTo
 * with a timer — it adds `taro_page_shade` (display: none) after the slide-in, 350 ms — and on
 * going back it shows the previous page again once the slide-out is over, 300 ms after the back.
 * Nothing cancels the first timer, so a back within ~50 ms of the forward navigation (a quick tap,
 * or a page that draws at once from the offline cache, as the check-in page does without signal)
 * lets it fire after the show: the previous page, now current, keeps `taro_page_shade` and the
 * screen stays white with that page's DOM present (test/browser/page-back.test.ts).
 *
 * The invariant the router misses is simple, so it is kept here: whenever a page container gets
 * the class while its page is the top of the stack, the class goes. A page hidden under a newer
 * one is never the top of the stack, so the router's own hiding is untouched.
 */
const SHADE = 'taro_page_shade';

/** The top page's container id (Taro's h5 gives each page container its page path as id). */
function topPagePath(): string | undefined {
  const pages = Taro.getCurrentPages();
  return pages[pages.length - 1]?.path;
}

export function keepTopPageShown(root: Node = document.body, currentPath = topPagePath): () => void {
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      const el = record.target;
      if (!(el instanceof Element) || !el.classList.contains(SHADE)) continue;
      if (el.classList.contains('taro_page') && el.id === currentPath()) el.classList.remove(SHADE);
    }
  });
  observer.observe(root, { subtree: true, attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}
