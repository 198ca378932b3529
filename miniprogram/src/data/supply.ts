import { localDateTimeText, SUPPLY_KIND_LABELS, SUPPLY_UNIT_LABELS, type SupplyItem } from '@grid/shared';

/** One line of a request as people read it: 蔬菜 3 斤, 药品 布洛芬 1 盒, 其他（电池）2 个. */
export function describeSupplyItem(item: SupplyItem): string {
  const amount = `${item.quantity} ${SUPPLY_UNIT_LABELS[item.unit]}`;
  if (item.kind === 'medicine') return `${SUPPLY_KIND_LABELS.medicine}：${item.name} ${amount}`;
  if (item.kind === 'other') return `${item.description} ${amount}`;
  return `${SUPPLY_KIND_LABELS[item.kind]} ${amount}`;
}

export function describeSupplyItems(items: readonly SupplyItem[]): string {
  return items.map(describeSupplyItem).join('、');
}

/** 'MM-DD HH:mm' in Asia/Shanghai, short enough for a list line. */
export function shortTime(iso: string): string {
  return localDateTimeText(iso).slice(5);
}
