import { Button, Text, View } from '@tarojs/components';
import { useCallback, useEffect, useRef, useState } from 'react';
import { zhStaff } from '../i18n/zh-staff';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PagedList<T> {
  items: T[];
  cursor: string | null;
  loading: boolean;
  error: unknown;
  /** Loading the first page with nothing on screen yet. */
  firstLoad: boolean;
  more(): void;
  reload(): void;
  /** Loads the first page again, keeping what is on screen until it arrives. */
  refresh(): void;
}

/**
 * A list read page by page with the API's opaque cursor: the first page on mount (and when `key`
 * changes), the next one on more(). Answers that arrive after a newer load started are ignored.
 */
export function usePagedList<T>(load: (cursor?: string) => Promise<Page<T>>, key: string): PagedList<T> {
  const [state, setState] = useState<{ items: T[]; cursor: string | null; loading: boolean; error: unknown }>(
    { items: [], cursor: null, loading: true, error: undefined },
  );
  const latest = useRef(load);
  latest.current = load;
  const generation = useRef(0);

  const run = useCallback((cursor?: string, quiet = false) => {
    const mine = ++generation.current;
    setState((s) => ({
      ...s,
      loading: true,
      error: undefined,
      ...(cursor || quiet ? {} : { items: [], cursor: null }),
    }));
    latest.current(cursor).then(
      (page) =>
        mine === generation.current &&
        setState((s) => ({
          items: cursor ? [...s.items, ...page.items] : page.items,
          cursor: page.nextCursor,
          loading: false,
          error: undefined,
        })),
      (error: unknown) => mine === generation.current && setState((s) => ({ ...s, loading: false, error })),
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is what tells a new list is due
  useEffect(() => run(), [run, key]);
  return {
    ...state,
    firstLoad: state.loading && state.items.length === 0,
    more: () => state.cursor && run(state.cursor),
    reload: () => run(),
    refresh: () => run(undefined, true),
  };
}

/** 加载更多 under a list while the API has another page; says so when everything is shown. */
export function LoadMore<T>(props: { list: PagedList<T>; testId: string }) {
  const { list } = props;
  if (list.cursor) {
    return (
      <Button
        className="btn"
        data-testid={props.testId}
        disabled={list.loading || undefined}
        onClick={() => list.more()}
      >
        {list.loading ? zhStaff.list.loading : zhStaff.list.loadMore}
      </Button>
    );
  }
  if (list.items.length === 0) return null;
  return (
    <View style={{ textAlign: 'center', padding: '16px 0' }} data-testid={`${props.testId}-end`}>
      <Text className="muted">{zhStaff.list.end}</Text>
    </View>
  );
}
