import { CHECKPOINT_FIGURES, type CheckpointFigure, type CheckpointFiguresAnswer } from '@grid/shared';
import { Text, View } from '@tarojs/components';
import { zhCheckpoints } from '../../i18n/zh-checkpoints';

const SHOWN: readonly CheckpointFigure[] = CHECKPOINT_FIGURES.filter((f) => f !== 'entries');

/** 今日统计 of one checkpoint: the day's counts from the server (the last ones seen when offline). */
export function FiguresCard(props: { figures: CheckpointFiguresAnswer | null; stale: boolean }) {
  const t = zhCheckpoints.figures;
  return (
    <View className="card" data-testid="checkpoint-figures">
      <Text className="card__title">{`${t.title} ${props.figures?.date ?? ''}`}</Text>
      {props.stale && <Text className="muted">{t.offline}</Text>}
      <View className="figures">
        {SHOWN.map((f) => (
          <View key={f} className="figures__cell" data-testid={`figure-${f}`}>
            <Text className="figures__value">{props.figures ? props.figures.figures[f] : '–'}</Text>
            <Text className="figures__label">{t.labels[f]}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
