import { XLSX_CONTENT_TYPE } from '@grid/shared';
import { httpHandler } from '../../../lib/middleware/http-handler';
import { writeXlsx } from '../../../lib/xlsx';
import { reportingRoutes as routes } from '../routes';
import { dailyReport } from '../use-cases/reports';

export const handler = httpHandler(routes.getDailyReport, async ({ query, principal, now }) => {
  const report = await dailyReport(principal, query.scope, query.date, now);
  return {
    status: 200,
    body: null,
    file: {
      contentType: XLSX_CONTENT_TYPE,
      filename: report.filename,
      data: await writeXlsx(report.workbook),
    },
  };
});
