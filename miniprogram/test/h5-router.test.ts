import { afterEach, describe, expect, it } from 'vitest';
import { keepTopPageShown } from '../src/services/h5-router';

// Taro's h5 page containers: `.taro_page` children of `.taro_router`, each with its page path as id.
function router(...ids: string[]): HTMLElement[] {
  const root = document.createElement('div');
  root.className = 'taro_router';
  document.body.append(root);
  return ids.map((id) => {
    const page = document.createElement('div');
    page.id = id;
    page.className = 'taro_page taro_page_show taro_page_stationed';
    root.append(page);
    return page;
  });
}

const settled = () => new Promise((done) => setTimeout(done, 0));

describe('keepTopPageShown', () => {
  let stop = () => {};
  afterEach(() => {
    stop();
    document.body.innerHTML = '';
  });

  it('takes the hidden class off the page on top of the stack (a late hide after a quick back)', async () => {
    const [home] = router('/pages/home/index?stamp=AA');
    stop = keepTopPageShown(document.body, () => '/pages/home/index?stamp=AA');
    home!.classList.add('taro_page_shade');
    await settled();
    expect(home!.classList.contains('taro_page_shade')).toBe(false);
  });

  it('leaves the router hiding a page under a newer one', async () => {
    const [home, checkin] = router('/pages/home/index?stamp=AA', '/resident/pages/checkin/index?stamp=AB');
    stop = keepTopPageShown(document.body, () => checkin!.id);
    home!.classList.add('taro_page_shade');
    await settled();
    expect(home!.classList.contains('taro_page_shade')).toBe(true);
  });
});
