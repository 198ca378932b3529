import { gridCodeSchema } from '@grid/shared';
import { Button, Input, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Field, Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { useSession } from '../../../hooks/stores';
import { zh } from '../../../i18n/zh';
import { ROUTES, withQuery } from '../../../routes';

/** A centre's scope; the figures, alerts and overdue items arrive with the dashboard API. */
export default function CentreHomePage() {
  const session = useSession();
  const [grid, setGrid] = useState('');
  const valid = gridCodeSchema.safeParse(grid).success;
  return (
    <PageShell>
      <View className="card">
        <Text className="card__title">{session?.user.name}</Text>
        <Text className="muted" data-testid="centre-scope">
          {zh.home.scope}：{session?.user.scopes.join('、')}
        </Text>
      </View>
      <Message kind="info" text={zh.home.dashboardSoon} />
      <View className="card">
        <Field label={zh.home.viewGrid} hint={zh.register.gridCodeHint}>
          <Input
            className="input"
            type="number"
            maxlength={15}
            placeholder={zh.home.viewGridPlaceholder}
            value={grid}
            onInput={(e) => setGrid(e.detail.value.trim())}
          />
        </Field>
        <Button
          className="btn btn--primary"
          disabled={!valid || undefined}
          onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.pending, { grid }) })}
        >
          {zh.home.viewGrid}
        </Button>
      </View>
    </PageShell>
  );
}
