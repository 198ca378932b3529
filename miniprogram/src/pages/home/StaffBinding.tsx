import { Button, Input, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { Message } from '../../components/controls';
import { zh } from '../../i18n/zh';
import { zhResident } from '../../i18n/zh-resident';
import { describeError } from '../../services/http';
import { bindStaffPhone } from '../../services/session';

/**
 * A new WeChat user is a resident; staff prove who they are with the phone WeChat confirms.
 * Residents see only a quiet 我是工作人员 link; the binding card opens when they ask for it. A bad
 * or missing phone is shown as the reason and the resident stays signed in.
 */
export function StaffBinding() {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [demoPhone, setDemoPhone] = useState('');
  const [busy, setBusy] = useState(false);
  async function bind(code: string) {
    if (busy) return;
    setBusy(true);
    setStatus(null);
    try {
      const { user } = await bindStaffPhone(code);
      setStatus({ kind: 'ok', text: zh.staffBinding.done(user.name) });
    } catch (error) {
      setStatus({ kind: 'error', text: describeError(error) });
    } finally {
      setBusy(false);
    }
  }
  if (!open) {
    return (
      <View className="staff-link" data-testid="staff-binding-open" onClick={() => setOpen(true)}>
        <Text>{zhResident.staff.link}</Text>
      </View>
    );
  }
  return (
    <View className="card" data-testid="staff-binding">
      <Text className="card__title">{zh.staffBinding.heading}</Text>
      <Text className="muted">{zh.staffBinding.hint}</Text>
      {process.env.TARO_ENV === 'h5' ? (
        <View className="row">
          <Input
            className="input home-bind__input"
            type="number"
            maxlength={11}
            data-testid="bind-phone"
            placeholder={zh.staffBinding.demoPlaceholder}
            value={demoPhone}
            onInput={(e) => setDemoPhone(e.detail.value)}
          />
          <Button
            className="btn btn--small"
            data-testid="bind-phone-submit"
            onClick={() =>
              /^1\d{10}$/.test(demoPhone)
                ? void bind(`test-phone:${demoPhone}`)
                : setStatus({ kind: 'error', text: zhResident.staff.phoneNeeded })
            }
          >
            {zh.staffBinding.demoButton}
          </Button>
        </View>
      ) : (
        <Button
          className="btn"
          openType="getPhoneNumber"
          onGetPhoneNumber={(e) => {
            const code = (e.detail as { code?: string }).code;
            if (code) void bind(code);
            else setStatus({ kind: 'error', text: zh.staffBinding.denied });
          }}
        >
          {zh.staffBinding.button}
        </Button>
      )}
      {status && <Message kind={status.kind} text={status.text} testId="bind-status" />}
    </View>
  );
}
