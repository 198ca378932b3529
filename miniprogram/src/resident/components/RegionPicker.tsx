import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import type { RegionOption } from '../../data/region-lookup';
import { zh } from '../../i18n/zh';
import { regions } from '../data/regions';

const { citiesOf, countiesOf, provinces, regionPath, searchCounties } = regions;

/** Province → city → county by tapping, or a county found by name. Picks 6-digit county codes. */
export function RegionPicker(props: { value: string | null; onChange: (countyCode: string) => void }) {
  const [path, setPath] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(props.value === null);

  if (!open && props.value !== null) {
    return (
      // Only the button reopens the list: a tap that closed it must not land on the summary and reopen it.
      <View className="region region--picked">
        <Text data-testid="region-picked">{regionPath(props.value)}</Text>
        <Button className="btn btn--small" data-testid="region-change" onClick={() => setOpen(true)}>
          {zh.travel.originChange}
        </Button>
      </View>
    );
  }

  const level = path.length;
  const options: RegionOption[] =
    query.trim() !== ''
      ? searchCounties(query)
      : level === 0
        ? provinces()
        : level === 1
          ? citiesOf(path[0]!)
          : countiesOf(path[1]!);

  function pick(option: RegionOption) {
    if (option.code.length === 6) {
      props.onChange(option.code);
      setPath([]);
      setQuery('');
      setOpen(false);
    } else setPath([...path, option.code]);
  }

  return (
    <View className="region">
      <Input
        className="input"
        data-testid="region-search"
        placeholder={zh.travel.originSearch}
        value={query}
        onInput={(e) => setQuery(e.detail.value)}
      />
      {level > 0 && query === '' && (
        <View className="region__crumbs">
          <Text className="region__back" data-testid="region-back" onClick={() => setPath(path.slice(0, -1))}>
            ‹ {zh.travel.originBack}
          </Text>
          <Text className="muted">{regionPath(path[path.length - 1]!)}</Text>
        </View>
      )}
      <View className="region__options">
        {options.map((o) => (
          <View
            key={o.code}
            className="region__option"
            data-testid={`region-option-${o.code}`}
            onClick={() => pick(o)}
          >
            <Text>{o.name}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
