import { Button } from '@tarojs/components';
import { zh } from '../i18n/zh';

/**
 * The one submit button: while `busy` it reads 提交中…, is disabled and ignores taps (Taro's h5
 * button still fires clicks when disabled, so the tap is dropped here too; the submission guard
 * in hooks/submission.ts drops it again before anything is sent).
 */
export function SubmitButton(props: {
  label: string;
  busy: boolean;
  onSubmit: () => void;
  testId?: string;
  /** Defaults to the primary style; 'danger' for a confirmation of something risky. */
  tone?: 'primary' | 'danger' | 'plain';
  busyLabel?: string;
}) {
  const tone = props.tone ?? 'primary';
  return (
    <Button
      className={`btn${tone === 'plain' ? '' : ` btn--${tone}`}${props.busy ? ' btn--busy' : ''}`}
      data-testid={props.testId}
      data-busy={props.busy ? 'true' : 'false'}
      disabled={props.busy || undefined}
      onClick={() => {
        if (!props.busy) props.onSubmit();
      }}
    >
      {props.busy ? (props.busyLabel ?? zh.submitting) : props.label}
    </Button>
  );
}
