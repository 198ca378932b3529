import type { Task } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { useLoad } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { completeTask, listGridTasks } from '../../../services/api';
import { callPerson } from '../../../services/contact';
import { describeError } from '../../../services/http';
import { GridChoice, useGridChoice } from '../../components/GridChoice';
import '../../gridworker.scss';

/** 任务: reminders the platform could not deliver (CALL_FOR_CHECK): call the household, mark done. */
export default function TasksPage() {
  const { grids, grid, setGrid } = useGridChoice();
  const tasks = useLoad(() => listGridTasks(grid), grid);
  return (
    <PageShell
      loading={tasks.status === 'loading'}
      error={tasks.status === 'error' ? tasks.error : undefined}
      onRetry={tasks.reload}
    >
      <GridChoice grids={grids} grid={grid} onChange={setGrid} testId="tasks-grid" />
      {tasks.status === 'ready' &&
        (tasks.data.items.length === 0 ? (
          <View className="state" data-testid="tasks-empty">
            <Text className="state__text">{zh.tasks.empty}</Text>
          </View>
        ) : (
          tasks.data.items.map((task) => <TaskCard key={task.taskId} task={task} />)
        ))}
    </PageShell>
  );
}

function TaskCard({ task }: { task: Task }) {
  const [done, setDone] = useState(task.status === 'done');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <View className="card" data-testid="task-item" data-person={task.personName}>
      <Text>{zh.tasks.callForCheck(task.personName, task.date, zh.quarantine.slots[task.slot])}</Text>
      {done ? (
        <Message kind="ok" text={zh.tasks.done} testId="task-done" />
      ) : (
        <View className="actions">
          <Button
            className="btn btn--small"
            data-testid="task-call"
            onClick={async () => setProblem(await callPerson(task.personId))}
          >
            {zh.tasks.call}
          </Button>
          <Button
            className="btn btn--small btn--primary"
            data-testid="task-mark-done"
            disabled={busy || undefined}
            onClick={async () => {
              setBusy(true);
              setProblem(null);
              try {
                await completeTask(task.taskId);
                setDone(true);
              } catch (error) {
                setProblem(describeError(error));
              } finally {
                setBusy(false);
              }
            }}
          >
            {zh.tasks.markDone}
          </Button>
        </View>
      )}
      {problem && <Message kind="error" text={problem} testId="task-problem" />}
    </View>
  );
}
