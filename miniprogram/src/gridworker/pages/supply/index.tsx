import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { PageShell } from '../../../components/PageShell';
import { useLoad, useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { listGridSupplyRequests } from '../../../services/api';
import { GridChoice, useGridChoice } from '../../components/GridChoice';
import { SupplyCard } from '../../components/SupplyCard';
import '../../gridworker.scss';

/** 物资队列: a grid's open supply requests, oldest first, for gridworkers and volunteers. */
export default function SupplyQueuePage() {
  const session = useSession();
  const { grids, grid, setGrid } = useGridChoice();
  const queue = useLoad(() => listGridSupplyRequests(grid), grid);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) queue.refresh();
    shown.current = true;
  });
  return (
    <PageShell
      loading={queue.status === 'loading'}
      error={queue.status === 'error' ? queue.error : undefined}
      onRetry={queue.reload}
    >
      <GridChoice grids={grids} grid={grid} onChange={setGrid} testId="supply-grid" />
      {queue.status === 'ready' &&
        (queue.data.items.length === 0 ? (
          <View className="state" data-testid="supply-empty">
            <Text className="state__text">{zh.supplyQueue.empty}</Text>
          </View>
        ) : (
          queue.data.items.map((request) => (
            <SupplyCard
              key={request.requestId}
              request={request}
              canReject={session?.user.role === 'gridworker'}
              onChanged={queue.refresh}
            />
          ))
        ))}
    </PageShell>
  );
}
