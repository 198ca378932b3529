import { Button, Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { useLargeFont, useOnline } from '../hooks/stores';
import { zh } from '../i18n/zh';
import { zhResident } from '../i18n/zh-resident';
import { describeError } from '../services/http';
import { OutboxBar } from './OutboxBar';
import { goBack } from './ResultActions';
import './ui-extra.scss';
import './ui.scss';

export interface PageShellProps {
  /** Omitted: the content is ready. */
  loading?: boolean;
  error?: unknown;
  empty?: boolean;
  emptyText?: string;
  onRetry?: () => void;
  /** Shows the 待同步 bar when the outbox holds anything. */
  showOutbox?: boolean;
  /**
   * The page's title. In h5 (no native navigation bar) it heads the page with a 返回 link that
   * goes back, or home when the page was opened directly. WeChat shows its own bar.
   */
  title?: string;
  /** false on the first screens (sign-in, home): nothing to go back to. */
  back?: boolean;
  children?: ReactNode;
}

/** Every page's frame: large-font mode, the offline banner, and loading / error / empty states. */
export function PageShell({
  loading,
  error,
  empty,
  emptyText,
  onRetry,
  showOutbox = true,
  title,
  back = true,
  children,
}: PageShellProps) {
  const [largeFont] = useLargeFont();
  const online = useOnline();
  return (
    <View className={`page${largeFont ? ' page--large' : ''}`} data-testid="page">
      {title !== undefined && process.env.TARO_ENV === 'h5' && (
        <View className="page-head" data-testid="page-head">
          {back && (
            <View className="page-head__back" data-testid="page-back" onClick={goBack}>
              <Text>{`‹ ${zhResident.shell.back}`}</Text>
            </View>
          )}
          {!back && <View className="page-head__spacer" />}
          <Text className="page-head__title" data-testid="page-title">
            {title}
          </Text>
          <View className="page-head__spacer" />
        </View>
      )}
      {!online && (
        <View className="banner banner--offline" data-testid="offline-banner">
          <Text>{zh.shell.offline}</Text>
        </View>
      )}
      {showOutbox && <OutboxBar />}
      {loading ? (
        <View className="state" data-testid="state-loading">
          <Text className="state__text">{zh.shell.loading}</Text>
        </View>
      ) : error !== undefined && error !== null ? (
        <View className="state" data-testid="state-error">
          <Text className="state__title">{zh.shell.errorTitle}</Text>
          <Text className="state__text">{describeError(error)}</Text>
          {onRetry && (
            <Button className="btn btn--primary" onClick={onRetry}>
              {zh.shell.retry}
            </Button>
          )}
        </View>
      ) : empty ? (
        <View className="state" data-testid="state-empty">
          <Text className="state__text">{emptyText ?? zh.shell.empty}</Text>
        </View>
      ) : (
        children
      )}
    </View>
  );
}
