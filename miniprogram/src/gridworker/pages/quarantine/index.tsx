import { Text, View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useRef } from 'react';
import { PageShell } from '../../../components/PageShell';
import { useLoad } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { getQuarantineBoard } from '../../../services/api';
import { BoardRow, sortBoard } from '../../components/BoardRow';
import { GridChoice, useGridChoice } from '../../components/GridChoice';
import '../../gridworker.scss';

/** 隔离户: everyone quarantined in the grid, today's two checks, overdue first. */
export default function QuarantineBoardPage() {
  const { grids, grid, setGrid } = useGridChoice();
  const board = useLoad(() => getQuarantineBoard(grid), grid);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) board.refresh();
    shown.current = true;
  });
  return (
    <PageShell
      title={zh.quarantine.title}
      loading={board.status === 'loading'}
      error={board.status === 'error' ? board.error : undefined}
      onRetry={board.reload}
    >
      <GridChoice grids={grids} grid={grid} onChange={setGrid} testId="board-grid" />
      {board.status === 'ready' && (
        <>
          <View className="card">
            <Text className="muted" data-testid="board-deadlines">
              {zh.quarantine.deadlines(
                board.data.date,
                board.data.deadlines.morning,
                board.data.deadlines.evening,
              )}
            </Text>
          </View>
          {board.data.items.length === 0 ? (
            <View className="state" data-testid="board-empty">
              <Text className="state__text">{zh.quarantine.empty}</Text>
            </View>
          ) : (
            sortBoard(board.data.items).map((entry) => (
              <BoardRow key={entry.quarantineId} entry={entry} onRecorded={board.refresh} />
            ))
          )}
        </>
      )}
    </PageShell>
  );
}
