import { ApiError, describeError } from './http';

const ISSUE_TEXT: Record<string, string> = {
  too_big: '超出长度或数量',
  too_small: '太短或不够',
  invalid_format: '格式不对',
  invalid_type: '缺少或格式不对',
  invalid_value: '不在可选范围内',
  custom: '内容不符合要求',
};

interface Issue {
  path: string;
  issue?: string;
}

/**
 * An API refusal, with the form's own names for the fields it points at: "请求内容不正确：同行人第 1 项
 * 超出长度或数量" instead of the bare 请求内容不正确. `fields` maps body keys (and the keys inside
 * list items) to the labels on screen.
 */
export function describeSubmitError(error: unknown, fields: Record<string, string>): string {
  if (!(error instanceof ApiError)) return describeError(error);
  const issues = (error.details as { issues?: Issue[] } | undefined)?.issues;
  if (!Array.isArray(issues)) return error.message;
  const named = issues.flatMap((i) => {
    const [where, key, index, sub] = String(i.path).split('.');
    const label = where === 'body' && key !== undefined ? fields[key] : undefined;
    if (!label) return [];
    const item = index !== undefined && /^\d+$/.test(index) ? `第 ${Number(index) + 1} 项` : '';
    // A field inside a list item (members.1.idNumber): its own label too, when the form has one.
    const inner = sub !== undefined && fields[sub] ? fields[sub] : '';
    return [`${label}${item}${inner}${ISSUE_TEXT[i.issue ?? ''] ?? ISSUE_TEXT.custom}`];
  });
  return named.length > 0 ? `${error.message}：${[...new Set(named)].join('；')}` : error.message;
}
