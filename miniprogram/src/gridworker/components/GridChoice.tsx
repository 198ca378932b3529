import { Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Chips, Field } from '../../components/controls';
import { gridName, useGridNames } from '../../data/grid-names';
import { useSession } from '../../hooks/stores';
import { zh } from '../../i18n/zh';

/** The grids a page works on: `?grid=` when a centre opens one, else the user's own grids. */
export function useGridChoice(): { grids: string[]; grid: string; setGrid: (grid: string) => void } {
  const session = useSession();
  const fromRoute = useRouter().params.grid;
  const grids = fromRoute ? [fromRoute] : (session?.user.scopes ?? []).filter((s) => s.length === 15);
  const [grid, setGrid] = useState(grids[0] ?? '');
  return { grids, grid, setGrid };
}

/**
 * The grid picker: chips with the grids' names when there are several, and under them the chosen
 * grid's name with its code second (so a gridworker can still read the code out on the phone).
 */
export function GridChoice(props: {
  grids: string[];
  grid: string;
  onChange: (grid: string) => void;
  testId: string;
}) {
  const label = useGridNames(props.grids);
  if (props.grids.length === 0) return null;
  return (
    <Field label={zh.quarantine.grid}>
      {props.grids.length > 1 && (
        <Chips
          testId={props.testId}
          options={props.grids.map((g) => ({ value: g, label: gridName(g) }))}
          selected={[props.grid]}
          onToggle={props.onChange}
        />
      )}
      <Text className="muted" data-testid={`${props.testId}-name`}>
        {label(props.grid)}
      </Text>
    </Field>
  );
}
