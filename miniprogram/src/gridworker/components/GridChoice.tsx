import { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { Chips, Field } from '../../components/controls';
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

export function GridChoice(props: {
  grids: string[];
  grid: string;
  onChange: (grid: string) => void;
  testId: string;
}) {
  if (props.grids.length < 2) return null;
  return (
    <Field label={zh.quarantine.grid}>
      <Chips
        testId={props.testId}
        options={props.grids.map((g) => ({ value: g, label: g }))}
        selected={[props.grid]}
        onToggle={props.onChange}
      />
    </Field>
  );
}
