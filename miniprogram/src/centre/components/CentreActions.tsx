import { localDate } from '@grid/shared';
import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Message } from '../../components/controls';
import { useSession } from '../../hooks/stores';
import { zhStaff } from '../../i18n/zh-staff';
import { ROUTES, withQuery } from '../../routes';
import { dailyReportRequest } from '../../services/api-staff';
import { downloadAndOpen } from '../../services/download';
import { describeError } from '../../services/http';

/** Reports cover a city, district, street or community (a grid's figures are in its community's). */
const REPORT_SCOPE = /^(\d{4}|\d{6}|\d{9}|\d{12})$/;

/** Downloads the day's workbook: a file link in the browser, WeChat's document viewer in the app. */
function downloadReport(scope: string): Promise<string> {
  const date = localDate(new Date());
  const { url, header } = dailyReportRequest(scope, date);
  return downloadAndOpen({ url, header, name: `日报-${scope}-${date}.xlsx`, fileType: 'xlsx' });
}

/** What a centre does from its dashboard besides reading: the day's report, notices, risk areas. */
export function CentreActions(props: { code: string }) {
  const session = useSession();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const reportScope = REPORT_SCOPE.test(props.code) ? props.code : props.code.slice(0, 12);
  return (
    <View className="card centre-actions" data-testid="centre-actions">
      <Button
        className="btn"
        data-testid="centre-report"
        disabled={busy || undefined}
        onClick={async () => {
          setBusy(true);
          setStatus(null);
          try {
            setStatus({ kind: 'ok', text: zhStaff.centre.reportDone(await downloadReport(reportScope)) });
          } catch (error) {
            setStatus({ kind: 'error', text: describeError(error) });
          } finally {
            setBusy(false);
          }
        }}
      >
        {zhStaff.centre.report}
      </Button>
      <Button
        className="btn"
        data-testid="centre-notices"
        onClick={() => Taro.navigateTo({ url: withQuery(ROUTES.centreNotices, { scope: props.code }) })}
      >
        {zhStaff.centre.notices}
      </Button>
      {session?.user.role === 'admin' && (
        <Button
          className="btn"
          data-testid="centre-risk-areas"
          onClick={() => Taro.navigateTo({ url: ROUTES.riskAreas })}
        >
          {zhStaff.centre.riskAreas}
        </Button>
      )}
      {status && <Message kind={status.kind} text={status.text} testId="centre-report-status" />}
    </View>
  );
}
