/**
 * THE PRICE TABLE the bill (bill.ts) is computed with: AWS's public list prices, one entry per
 * region, each price with its unit, source, date and how far it is checked. Update a figure here and
 * rerun `npm run bench -- --from <results.json>` to re-render docs/performance.md.
 *
 * The machine that wrote this has no internet. Every figure was looked up on 2026-12-03 in stored
 * copies of public pages and repositories (the source names which); none was fetched live. `status`:
 * - 'checked': read on the provider's own page, or copied from AWS's machine-readable price list
 *   (the repository named quotes the AWS file and rate code);
 * - 'secondary': quoted by a third party (dated blog or README) for that region; AWS's own page is
 *   stored but renders its prices client-side, so the numbers are not in its stored text;
 * - 'derived': computed from a checked or secondary figure by the rule in `note`;
 * - 'unverified': no stored source has it; the best estimate is kept and `note` says why.
 */
export type PriceStatus = 'checked' | 'secondary' | 'derived' | 'unverified';

export interface Price {
  value: number;
  unit: string;
  status: PriceStatus;
  /** URL, or repository + path + commit. */
  source: string;
  /** When the price was published or took effect, as far as the source says. */
  date: string;
  note?: string;
}

export interface RegionPrices {
  region: string;
  label: string;
  currency: 'USD' | 'CNY';
  dynamodb: {
    /** On-demand, Standard table class. */
    writeRequestUnitsPerMillion: Price;
    readRequestUnitsPerMillion: Price;
    /** Provisioned, per capacity unit-hour, Standard table class. */
    wcuHour: Price;
    rcuHour: Price;
    storageGbMonth: Price;
    /** GetRecords by Lambda event source mappings (the stack's only stream readers). */
    streamReadsByLambdaPerMillion: Price;
  };
  lambda: {
    requestsPerMillion: Price;
    /** arm64 (infra/lib/manifest-function.ts deploys Architecture.ARM_64). */
    gbSecondArm: Price;
  };
  /** API Gateway HTTP API (infra/lib/http-api.ts deploys an HttpApi), first tier. */
  httpApiPerMillion: Price;
  /** Prices of things the stack uses that the bill leaves out (see bill.ts), for the reader. */
  notInBill: Record<string, Price>;
  /** Those of them no stored source prices for this region. */
  unpricedNotInBill?: string;
}

const LOOKED_UP = 'looked up 2026-12-03 in stored copies';
const CN_DDB_PAGE = 'https://www.amazonaws.cn/en/dynamodb/pricing/';
const REMOTION =
  'github remotion-dev/remotion packages/lambda/src/pricing/price-per-1-s.ts @ e4074e3468afcd56b66bb9d744c17893f1684e96 (copied from https://calculator.aws/pricing/2.0/meteredUnitMaps/lambda/USD/current/lambda.json)';
const DDB_CUT =
  'https://airbyte.com/data-engineering-resources/dynamodb-pricing (2025-07-21, "US East, after the 50% reduction in late 2024"); https://www.jusdb.com/blog/dynamodb-cost-optimization-a-comprehensive-guide-by-jusdb (2025-08-19, cut effective 2024-11-01)';
const LAMBDA_FREE_STREAMS =
  'https://docs.amazonaws.cn/en_us/amazondynamodb/latest/developerguide/CostOptimization_StreamsUsage.html ("Read requests made by Lambda-based consumers of DynamoDB Streams are free")';
const NINGXIA_README =
  'a public GitHub README on AWS Health notifications in Ningxia, section 成本估算（宁夏区定价） (search index file 53246221285; repository not named by the index)';

/** For comparing the two regions only; the China bill is paid in CNY. */
export const CNY_PER_USD = {
  value: 7.0602,
  date: '2025-12-16',
  source:
    'USD/CNY central parity of the China Foreign Exchange Trade System, as reported at https://menafn.com/1110485531/Chinas-Yuan-Gains-Ground-Against-US-Dollar (the newest rate in the stored pages; a year old at the bill date)',
};

export const PRICES: RegionPrices[] = [
  {
    region: 'us-east-1',
    label: 'us-east-1 (N. Virginia)',
    currency: 'USD',
    dynamodb: {
      writeRequestUnitsPerMillion: {
        value: 0.625,
        unit: 'USD per million write request units',
        status: 'secondary',
        source: DDB_CUT,
        date: 'effective 2024-11-01',
        note: 'https://aws.amazon.com/dynamodb/pricing/on-demand/ is stored without its numbers (client-side prices)',
      },
      readRequestUnitsPerMillion: {
        value: 0.125,
        unit: 'USD per million read request units',
        status: 'secondary',
        source: DDB_CUT,
        date: 'effective 2024-11-01',
      },
      wcuHour: {
        value: 0.00065,
        unit: 'USD per WCU-hour',
        status: 'secondary',
        source:
          'https://www.rubydoc.info/gems/dynamo-autoscale/0.3.5/DynamoAutoscale/UnitCost (us-east-1: $0.0065 per 10 write units per hour)',
        date: 'unchanged list price; the same $0.00065 is quoted by 2025–2026 cost tools in the code corpus',
      },
      rcuHour: {
        value: 0.00013,
        unit: 'USD per RCU-hour',
        status: 'secondary',
        source:
          'https://www.rubydoc.info/gems/dynamo-autoscale/0.3.5/DynamoAutoscale/UnitCost (us-east-1: $0.0065 per 50 read units per hour)',
        date: 'unchanged list price (as the WCU-hour)',
      },
      storageGbMonth: {
        value: 0.25,
        unit: 'USD per GB-month (after the first 25 GB)',
        status: 'checked',
        source:
          'https://aws.amazon.com/th/dynamodb/pricing/ (AWS’s own page, Thai edition: 0.25 USD per GB-month)',
        date: `undated page, ${LOOKED_UP}`,
      },
      streamReadsByLambdaPerMillion: {
        value: 0,
        unit: 'USD per million stream read request units',
        status: 'checked',
        source: LAMBDA_FREE_STREAMS,
        date: LOOKED_UP,
      },
    },
    lambda: {
      requestsPerMillion: {
        value: 0.2,
        unit: 'USD per million requests (arm64)',
        status: 'checked',
        source: `${REMOTION}, rate code DMJPKNDPVRPMG2E7.JRTCKXETXF.6YS6EN2CT7 (0.0000002 per request)`,
        date: 'AWS calculator price list as copied at that commit',
      },
      gbSecondArm: {
        value: 0.0000133334,
        unit: 'USD per GB-second (arm64, first tier)',
        status: 'checked',
        source: `${REMOTION}, rate code CHGDQQ3YSPF93CBA.JRTCKXETXF.6YS6EN2CT7`,
        date: 'AWS calculator price list as copied at that commit',
      },
    },
    httpApiPerMillion: {
      value: 1.0,
      unit: 'USD per million requests (first 300 M a month; the outbreak month is below it)',
      status: 'secondary',
      source:
        'https://awsforengineers.com/blog/aws-api-gateway-pricing-explained (2025-05-19); https://www.learnaws.org/2021/01/10/api-gateway-pricing/ (2021-01-10), both US East',
      date: 'unchanged 2021-01 to 2025-05',
      note: 'https://aws.amazon.com/api-gateway/pricing/ is stored without its numbers',
    },
    notInBill: {
      cloudWatchLogsIngestion: {
        value: 0.5,
        unit: 'USD per GB ingested',
        status: 'secondary',
        source: 'https://go-cloud.io/aws-api-gateway-pricing ("$0.50 per GB ingested", 2026 guide)',
        date: '2026',
      },
      kmsRequests: {
        value: 0.03,
        unit: 'USD per 10,000 requests (after 20,000 free a month)',
        status: 'secondary',
        source:
          'https://www.factualminds.com/blog/aws-kms-pricing-keys-requests-multi-region/ ("us-east-1, June 2026")',
        date: '2026-06-13',
      },
      dataTransferOut: {
        value: 0.09,
        unit: 'USD per GB out to the internet (after 100 GB free a month)',
        status: 'secondary',
        source: 'https://amnic.com/blogs/aws-api-gateway-pricing; https://www.apigatewaycost.com/aws',
        date: '2026',
      },
      secretsManagerSecretMonth: {
        value: 0.4,
        unit: 'USD per secret-month',
        status: 'unverified',
        source: 'none stored for AWS (the only stored page at this figure is Tencent Cloud’s own service)',
        date: '–',
        note: 'recalled list price; secrets are read once per cold start and cached, so calls are negligible',
      },
    },
  },
  {
    region: 'cn-northwest-1',
    label: 'cn-northwest-1 (Ningxia, NWCD)',
    currency: 'CNY',
    dynamodb: {
      writeRequestUnitsPerMillion: {
        value: 11.1538,
        unit: 'CNY per million write request units',
        status: 'checked',
        source: `${CN_DDB_PAGE} (older stored copy: "Write requests: ¥ 11.1538 for e[very million]")`,
        date: 'undated; that copy predates the page’s table classes (2021-12 globally), so most likely also the 2024-11-01 global on-demand cut',
        note: 'whether China followed the 50 % cut is not in any stored source; if it did, ¥5.5769. Kept at the last seen list price (an upper bound)',
      },
      readRequestUnitsPerMillion: {
        value: 2.2308,
        unit: 'CNY per million read request units',
        status: 'derived',
        source: CN_DDB_PAGE,
        date: 'as the write price',
        note: 'the read figure is cut off in the stored text; write ÷ 5, the ratio of every AWS on-demand price list and of this page’s own provisioned prices (¥0.058 per 10 WCU vs per 50 RCU)',
      },
      wcuHour: {
        value: 0.0058,
        unit: 'CNY per WCU-hour',
        status: 'checked',
        source: `${CN_DDB_PAGE} ("¥ 0.058 for every 10 units of write capacity", Standard table class)`,
        date: `undated; the same in the stored copies before and after table classes (2021-12), ${LOOKED_UP}`,
      },
      rcuHour: {
        value: 0.00116,
        unit: 'CNY per RCU-hour',
        status: 'checked',
        source: `${CN_DDB_PAGE} ("¥ 0.058 for every 50 units of read capacity", Standard table class)`,
        date: 'as the WCU-hour',
      },
      storageGbMonth: {
        value: 1.86,
        unit: 'CNY per GB-month',
        status: 'unverified',
        source: `${CN_DDB_PAGE} (its storage line is beyond the stored text)`,
        date: '–',
        note: 'recalled by the previous session; scaling us-east-1 by this page’s provisioned ratio (8.9×) would give ¥2.23',
      },
      streamReadsByLambdaPerMillion: {
        value: 0,
        unit: 'CNY per million stream read request units',
        status: 'checked',
        source: LAMBDA_FREE_STREAMS,
        date: LOOKED_UP,
      },
    },
    lambda: {
      requestsPerMillion: {
        value: 1.36,
        unit: 'CNY per million requests',
        status: 'secondary',
        source: `${NINGXIA_README}: "Lambda请求：¥1.36/百万次请求"`,
        date: `undated, ${LOOKED_UP}`,
      },
      gbSecondArm: {
        value: 0.0000907816,
        unit: 'CNY per GB-second (arm64)',
        status: 'derived',
        source: `${NINGXIA_README}: x86 "¥0.000113477/GB-秒"`,
        date: 'as the requests price',
        note: 'x86 × 0.8, the arm64 : x86 ratio of every global region (0.0000133334 / 0.0000166667)',
      },
    },
    httpApiPerMillion: {
      value: 7.6,
      unit: 'CNY per million requests',
      status: 'unverified',
      source: 'https://www.amazonaws.cn/en/api-gateway/pricing/ (not in the stored pages)',
      date: '–',
      note: 'recalled by the previous session; no stored source has China’s API Gateway prices',
    },
    notInBill: {},
    unpricedNotInBill:
      'CloudWatch Logs ingestion, KMS requests and Secrets Manager in China: no stored source (the Ningxia README gives only the 5 GB a month of free log ingestion)',
  },
];

/** Every price the bill multiplies, with its label, for the page's price table. */
export function billedPrices(p: RegionPrices): Array<[string, Price]> {
  return [
    ['DynamoDB on-demand writes', p.dynamodb.writeRequestUnitsPerMillion],
    ['DynamoDB on-demand reads', p.dynamodb.readRequestUnitsPerMillion],
    ['DynamoDB provisioned WCU', p.dynamodb.wcuHour],
    ['DynamoDB provisioned RCU', p.dynamodb.rcuHour],
    ['DynamoDB storage', p.dynamodb.storageGbMonth],
    ['DynamoDB Streams reads by Lambda', p.dynamodb.streamReadsByLambdaPerMillion],
    ['Lambda requests', p.lambda.requestsPerMillion],
    ['Lambda duration (arm64)', p.lambda.gbSecondArm],
    ['API Gateway HTTP API', p.httpApiPerMillion],
  ];
}

/** True when every price the bill uses was read on a stored source (checked or secondary). */
export function allSourced(p: RegionPrices): boolean {
  return billedPrices(p).every(([, x]) => x.status === 'checked' || x.status === 'secondary');
}
