import type { ImportRow } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { LoadMore, usePagedList } from '../../../components/LoadMore';
import { PageShell } from '../../../components/PageShell';
import { zhStaff } from '../../../i18n/zh-staff';
import { ROUTES, withQuery } from '../../../routes';
import { listRegistrationTasks } from '../../../services/api-staff';
import { TaskCallButton } from '../../components/CallButton';
import { GridChoice, useGridChoice } from '../../components/GridChoice';
import '../../gridworker.scss';

const t = zhStaff.registration;

/**
 * 登记任务: arrivals from the police and health lists that matched no household record, routed to
 * this grid. Registering the person (same ID number) closes the task on the server.
 */
export default function RegistrationTasksPage() {
  const { grids, grid, setGrid } = useGridChoice();
  const list = usePagedList<ImportRow>((cursor) => listRegistrationTasks(grid, cursor), grid);
  return (
    <PageShell
      title={t.title}
      loading={list.firstLoad}
      error={list.items.length === 0 ? list.error : undefined}
      onRetry={list.reload}
    >
      <GridChoice grids={grids} grid={grid} onChange={setGrid} testId="registration-grid" />
      <Text className="muted">{t.hint}</Text>
      {list.items.length === 0 && !list.loading && (
        <View className="state" data-testid="registration-empty">
          <Text className="state__text">{t.empty}</Text>
        </View>
      )}
      {list.items.map((row) => (
        <View key={row.taskId} className="card" data-testid="registration-task" data-name={row.name}>
          <View className="row">
            <Text className="pending-card__name">{row.name}</Text>
            <Text className="muted">{row.idNumberMasked ?? ''}</Text>
          </View>
          {[t.origin(row.origin, row.arrivalDate), row.address, row.phoneMasked]
            .filter((line): line is string => !!line)
            .map((line) => (
              <View key={line}>
                <Text className="muted">{line}</Text>
              </View>
            ))}
          <View className="actions">
            <Button
              className="btn btn--small btn--primary"
              data-testid="registration-register"
              onClick={() =>
                Taro.navigateTo({ url: withQuery(ROUTES.visitRegister, { grid, name: row.name }) })
              }
            >
              {t.register}
            </Button>
            <TaskCallButton taskId={row.taskId} testId="registration-call" />
          </View>
        </View>
      ))}
      <LoadMore list={list} testId="registration-more" />
    </PageShell>
  );
}
