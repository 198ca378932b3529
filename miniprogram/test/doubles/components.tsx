/** Taro's components as plain DOM elements for jsdom; events carry Taro's `detail` shape. */
import type { ReactNode } from 'react';

interface Common {
  className?: string;
  children?: ReactNode;
  'data-testid'?: string;
  onClick?: () => void;
  [data: `data-${string}`]: string | undefined;
}

export function View({ children, onClick, ...rest }: Common) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a test double of Taro's View
    <div {...rest} onClick={onClick}>
      {children}
    </div>
  );
}

export function Text({ children, onClick, ...rest }: Common) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: a test double of Taro's Text
    <span {...rest} onClick={onClick}>
      {children}
    </span>
  );
}

export function Button({
  children,
  onClick,
  disabled,
  ...rest
}: Common & { disabled?: boolean; openType?: string; onGetPhoneNumber?: unknown }) {
  const { openType: _o, onGetPhoneNumber: _g, ...dom } = rest as Record<string, unknown>;
  return (
    <button type="button" {...dom} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}

interface InputProps extends Common {
  value?: string;
  placeholder?: string;
  type?: string;
  maxlength?: number;
  onInput?: (e: { detail: { value: string } }) => void;
}

export function Input({ value, placeholder, onInput, className, ...rest }: InputProps) {
  const { type: _t, maxlength: _m, ...dom } = rest as Record<string, unknown>;
  return (
    <input
      {...dom}
      className={className}
      value={value}
      placeholder={placeholder}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Textarea({ value, placeholder, onInput, className, ...rest }: InputProps) {
  const { maxlength: _m, ...dom } = rest as Record<string, unknown>;
  return (
    <textarea
      {...dom}
      className={className}
      value={value}
      placeholder={placeholder}
      onChange={(e) => onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Switch(
  props: Common & { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void },
) {
  return (
    <input
      type="checkbox"
      data-testid={props['data-testid']}
      checked={props.checked}
      onChange={(e) => props.onChange?.({ detail: { value: e.target.checked } })}
    />
  );
}

export function Picker({ children }: Common & Record<string, unknown>) {
  return <div>{children}</div>;
}
