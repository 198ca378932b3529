import type { TemplateName } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { zh } from '../i18n/zh';
import { askSubscribe, subscribeSupported, templatesToAsk } from '../services/subscribe';
import { Message } from './controls';

type State =
  | { step: 'idle' }
  | { step: 'ready'; ids: Partial<Record<TemplateName, string>> }
  | { step: 'done' };

/**
 * Asks for WeChat subscribe-message consent at a moment it makes sense (after a check-in, after a
 * supply request). Renders nothing where the API cannot ask (h5) or nothing needs asking.
 */
export function SubscribePrompt(props: { templates: readonly TemplateName[]; reason: string }) {
  const [state, setState] = useState<State>({ step: 'idle' });
  const key = props.templates.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the template list
  useEffect(() => {
    if (!subscribeSupported()) return;
    let live = true;
    templatesToAsk(props.templates)
      .then((ids) => live && Object.keys(ids).length > 0 && setState({ step: 'ready', ids }))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [key]);
  if (state.step === 'idle') return null;
  if (state.step === 'done') return <Message kind="ok" text={zh.subscribe.thanks} testId="subscribe-done" />;
  return (
    <View className="card" data-testid="subscribe-prompt">
      <Text className="muted">{props.reason}</Text>
      <Button
        className="btn btn--primary"
        data-testid="subscribe-ask"
        onClick={() => {
          askSubscribe(state.ids)
            .catch(() => [])
            .finally(() => setState({ step: 'done' }));
        }}
      >
        {zh.subscribe.button}
      </Button>
    </View>
  );
}
