/**
 * THE PRICE TABLE the bill (bill.ts) is computed with: AWS's public list prices, one entry per
 * region. Update the figures here and rerun `npm run bench -- --from <results.json>` to re-render.
 *
 * No internet on the machine that wrote this: the figures are the list prices as known at
 * `asOf`, not fetched. us-east-1 is AWS's own published price (DynamoDB's on-demand price as cut on
 * 2024-11-01). cn-northwest-1 (Ningxia, operated by NWCD) is priced in CNY on amazonaws.cn; its
 * figures below are recalled, not checked against the page: `verified: false` marks them, and the
 * page says so beside every China figure. Check them at the URLs before quoting a China bill.
 */
export interface RegionPrices {
  region: string;
  label: string;
  currency: 'USD' | 'CNY';
  asOf: string;
  verified: boolean;
  sources: string[];
  dynamodb: {
    /** On-demand, per million request units (Standard table class). */
    writeRequestUnitsPerMillion: number;
    readRequestUnitsPerMillion: number;
    /** Provisioned, per capacity unit-hour. */
    wcuHour: number;
    rcuHour: number;
    storageGbMonth: number;
  };
  lambda: {
    requestsPerMillion: number;
    /** arm64 (infra/lib/manifest-function.ts deploys Architecture.ARM_64). */
    gbSecondArm: number;
  };
  /** API Gateway HTTP API (infra deploys an HttpApi), per million requests, first tier. */
  httpApiPerMillion: number;
}

export const PRICES: RegionPrices[] = [
  {
    region: 'us-east-1',
    label: 'us-east-1 (N. Virginia)',
    currency: 'USD',
    asOf: '2025-01 (list prices; DynamoDB on-demand after the 2024-11-01 cut)',
    verified: true,
    sources: [
      'https://aws.amazon.com/dynamodb/pricing/on-demand/',
      'https://aws.amazon.com/dynamodb/pricing/provisioned/',
      'https://aws.amazon.com/lambda/pricing/',
      'https://aws.amazon.com/api-gateway/pricing/',
    ],
    dynamodb: {
      writeRequestUnitsPerMillion: 0.625,
      readRequestUnitsPerMillion: 0.125,
      wcuHour: 0.00065,
      rcuHour: 0.00013,
      storageGbMonth: 0.25,
    },
    lambda: { requestsPerMillion: 0.2, gbSecondArm: 0.0000133334 },
    httpApiPerMillion: 1.0,
  },
  {
    region: 'cn-northwest-1',
    label: 'cn-northwest-1 (Ningxia, NWCD)',
    currency: 'CNY',
    asOf: '2025-01 (recalled list prices, not checked: no internet here)',
    verified: false,
    sources: [
      'https://www.amazonaws.cn/en/dynamodb/pricing/',
      'https://www.amazonaws.cn/en/lambda/pricing/',
      'https://www.amazonaws.cn/en/api-gateway/pricing/',
    ],
    dynamodb: {
      writeRequestUnitsPerMillion: 9.46,
      readRequestUnitsPerMillion: 1.89,
      wcuHour: 0.00463,
      rcuHour: 0.00093,
      storageGbMonth: 1.86,
    },
    lambda: { requestsPerMillion: 1.36, gbSecondArm: 0.0000907816 },
    httpApiPerMillion: 7.6,
  },
];
