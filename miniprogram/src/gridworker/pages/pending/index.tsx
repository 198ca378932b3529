import type { PendingItem } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { LoadMore, usePagedList } from '../../../components/LoadMore';
import { PageShell } from '../../../components/PageShell';
import { zh } from '../../../i18n/zh';
import { zhStaff } from '../../../i18n/zh-staff';
import { getGridPending } from '../../../services/api';
import { GridChoice, useGridChoice } from '../../components/GridChoice';
import { PendingCard } from '../../components/PendingCard';
import '../../gridworker.scss';

/**
 * 待核实: one list of a grid's unverified check-ins and travel declarations, urgent first —
 * fever, then travel from a risk area, then the oldest — as the API orders it; paged.
 */
export default function PendingPage() {
  const { grids, grid, setGrid } = useGridChoice();
  const list = usePagedList<PendingItem>((cursor) => getGridPending(grid, cursor), grid);

  return (
    <PageShell
      title={zh.pending.title}
      loading={list.firstLoad}
      error={list.items.length === 0 ? list.error : undefined}
      onRetry={list.reload}
    >
      <GridChoice grids={grids} grid={grid} onChange={setGrid} testId="pending-grid" />
      <Text className="muted">{zhStaff.pending.urgentHint}</Text>
      {list.items.length === 0 && !list.loading && (
        <View className="state" data-testid="pending-empty">
          <Text className="state__text">{zh.pending.empty}</Text>
        </View>
      )}
      {list.items.map((item) => (
        <PendingCard key={item.submissionId} item={item} />
      ))}
      <LoadMore list={list} testId="pending-more" />
    </PageShell>
  );
}
