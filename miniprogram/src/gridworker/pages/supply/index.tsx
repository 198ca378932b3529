import type { SupplyRequest } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { LoadMore, usePagedList } from '../../../components/LoadMore';
import { PageShell } from '../../../components/PageShell';
import { useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { listGridSupplyRequests } from '../../../services/api';
import { GridChoice, useGridChoice } from '../../components/GridChoice';
import { SupplyCard } from '../../components/SupplyCard';
import '../../gridworker.scss';

/** 物资队列: a grid's open supply requests, oldest first, paged, for gridworkers and volunteers. */
export default function SupplyQueuePage() {
  const session = useSession();
  const { grids, grid, setGrid } = useGridChoice();
  const list = usePagedList<SupplyRequest>((cursor) => listGridSupplyRequests(grid, cursor), grid);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) list.refresh();
    shown.current = true;
  });
  return (
    <PageShell
      title={zh.tiles.supplyQueue}
      loading={list.firstLoad}
      error={list.items.length === 0 ? list.error : undefined}
      onRetry={list.reload}
    >
      <GridChoice grids={grids} grid={grid} onChange={setGrid} testId="supply-grid" />
      {list.items.length === 0 && !list.loading && (
        <View className="state" data-testid="supply-empty">
          <Text className="state__text">{zh.supplyQueue.empty}</Text>
        </View>
      )}
      {list.items.map((request) => (
        <SupplyCard
          key={request.requestId}
          request={request}
          canReject={session?.user.role === 'gridworker'}
          onChanged={list.refresh}
        />
      ))}
      <LoadMore list={list} testId="supply-more" />
    </PageShell>
  );
}
