import type { Task } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { LoadMore, usePagedList } from '../../../components/LoadMore';
import { PageShell } from '../../../components/PageShell';
import { useSubmission } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { listGridTasks } from '../../../services/api';
import { describeError } from '../../../services/http';
import { CallButton } from '../../components/CallButton';
import { GridChoice, useGridChoice } from '../../components/GridChoice';
import '../../gridworker.scss';

/** 任务: reminders the platform could not deliver (CALL_FOR_CHECK): call the household, mark done. */
export default function TasksPage() {
  const { grids, grid, setGrid } = useGridChoice();
  const list = usePagedList<Task>((cursor) => listGridTasks(grid, cursor), grid);
  return (
    <PageShell
      title={zh.tiles.tasks}
      loading={list.firstLoad}
      error={list.items.length === 0 ? list.error : undefined}
      onRetry={list.reload}
    >
      <GridChoice grids={grids} grid={grid} onChange={setGrid} testId="tasks-grid" />
      {list.items.length === 0 && !list.loading && (
        <View className="state" data-testid="tasks-empty">
          <Text className="state__text">{zh.tasks.empty}</Text>
        </View>
      )}
      {list.items.map((task) => (
        <TaskCard key={task.taskId} task={task} />
      ))}
      <LoadMore list={list} testId="tasks-more" />
    </PageShell>
  );
}

/** Marking done goes through the outbox (key minted once): offline it waits and is sent once. */
function TaskCard({ task }: { task: Task }) {
  const done = useSubmission('taskDone');
  const [problem, setProblem] = useState<string | null>(null);
  const view = done.view;
  return (
    <View className="card" data-testid="task-item" data-person={task.personName}>
      <Text>{zh.tasks.callForCheck(task.personName, task.date, zh.quarantine.slots[task.slot])}</Text>
      {task.status === 'done' || view.status === 'sent' || view.status === 'gone' ? (
        <Message kind="ok" text={zh.tasks.done} testId="task-done" />
      ) : view.status === 'queued' ? (
        <Message kind="warn" text={zh.quarantine.queued} testId="task-done" />
      ) : (
        <View className="actions">
          <CallButton personId={task.personId} testId="task-call" />
          <Button
            className="btn btn--small btn--primary"
            data-testid="task-mark-done"
            disabled={done.busy || undefined}
            onClick={async () => {
              setProblem(null);
              try {
                await done.submit({ taskId: task.taskId }, `${task.personName} ${zh.tasks.markDone}`);
              } catch (error) {
                setProblem(describeError(error));
              }
            }}
          >
            {zh.tasks.markDone}
          </Button>
        </View>
      )}
      {view.status === 'failed' && <Message kind="error" text={zh.outbox.failed(view.reason)} />}
      {problem && <Message kind="error" text={problem} testId="task-problem" />}
    </View>
  );
}
