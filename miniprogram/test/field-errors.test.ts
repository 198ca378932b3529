import { describe, expect, it } from 'vitest';
import { describeSubmitError } from '../src/services/field-errors';
import { ApiError, NetworkError } from '../src/services/http';

const refusal = (issues: Array<{ path: string; issue: string }>) =>
  new ApiError(400, 'VALIDATION_FAILED', '请求内容不正确', { issues });

describe('an API refusal names the form’s fields', () => {
  it('names a too-long companion by the label on screen and its place in the list', () => {
    const error = refusal([{ path: 'body.companions.0', issue: 'too_big' }]);
    expect(describeSubmitError(error, { companions: '同行人' })).toBe(
      '请求内容不正确：同行人第 1 项超出长度或数量',
    );
  });

  it('names a field inside a list item, and each field once', () => {
    const error = refusal([
      { path: 'body.members.1.idNumber', issue: 'invalid_format' },
      { path: 'body.members.1.idNumber', issue: 'invalid_format' },
      { path: 'body.address', issue: 'too_small' },
    ]);
    expect(
      describeSubmitError(error, { members: '家庭成员', idNumber: '身份证号', address: '详细住址' }),
    ).toBe('请求内容不正确：家庭成员第 2 项身份证号格式不对；详细住址太短或不够');
  });

  it('keeps the plain message when nothing it points at is on the form, and other errors as they are', () => {
    expect(
      describeSubmitError(refusal([{ path: 'headers.idempotency-key', issue: 'invalid_format' }]), {}),
    ).toBe('请求内容不正确');
    expect(describeSubmitError(new NetworkError(false), {})).toBe('网络连接失败，请检查网络后重试');
  });
});
