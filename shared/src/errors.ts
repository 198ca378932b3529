/**
 * Every error code the API can answer, with its HTTP status and its message in Chinese and
 * English. The API and the mini program both read this table, so a message is written once.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, zh: '请求内容不正确', en: 'The request is invalid' },
  INVALID_JSON: { status: 400, zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '请以 JSON 格式提交', en: 'Send the body as application/json' },
  TEMPERATURE_OUT_OF_RANGE: {
    status: 400,
    zh: '体温须在 35.0–42.0 °C 之间，保留一位小数',
    en: 'Temperature must be 35.0–42.0 °C with one decimal',
  },
  ID_NUMBER_INVALID: { status: 400, zh: '身份证号码不正确', en: 'The ID card number is invalid' },
  PHONE_INVALID: { status: 400, zh: '手机号码不正确', en: 'The mobile number is invalid' },
  DATE_IN_FUTURE: { status: 400, zh: '日期不能晚于今天', en: 'The date cannot be in the future' },
  DATE_TOO_OLD: {
    status: 400,
    zh: '只能申报最近 90 天内的行程',
    en: 'Travel dates must lie within the last 90 days',
  },
  ARRIVAL_BEFORE_DEPARTURE: {
    status: 400,
    zh: '到达日期不能早于出发日期',
    en: 'Arrival cannot be before departure',
  },
  DATE_INVALID: { status: 400, zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are YYYY-MM-DD' },
  DATE_RANGE_INVALID: {
    status: 400,
    zh: '日期范围不正确（开始不晚于结束，最长 62 天）',
    en: 'The date range is invalid (from ≤ to, at most 62 days)',
  },
  MEASURED_AT_INVALID: {
    status: 400,
    zh: '测量时间不能晚于现在，也不能早于 12 小时前',
    en: 'measuredAt must be within the last 12 hours',
  },
  GRID_CODE_INVALID: { status: 400, zh: '网格编码应为 15 位数字', en: 'A grid code has 15 digits' },
  REGION_CODE_INVALID: { status: 400, zh: '区划代码不正确', en: 'The region code is invalid' },
  GRID_UNKNOWN: { status: 400, zh: '网格不存在', en: 'No such grid' },
  HOUSEHOLD_FULL: { status: 409, zh: '每户最多登记 20 人', en: 'A household has at most 20 members' },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    zh: '缺少 Idempotency-Key 请求头',
    en: 'The Idempotency-Key header is required',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '同一个 Idempotency-Key 用于了不同的内容',
    en: 'This Idempotency-Key was used for a different request',
  },
  INVALID_CURSOR: { status: 400, zh: '分页游标无效', en: 'The page cursor is invalid' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Sign-in required' },
  TOKEN_EXPIRED: { status: 401, zh: '登录已过期，请重新登录', en: 'The session has expired' },
  TOKEN_INVALID: { status: 401, zh: '登录凭证无效', en: 'The token is invalid' },
  TOKEN_REVOKED: {
    status: 401,
    zh: '您的权限已变更，请重新登录',
    en: 'Your access has changed; sign in again',
  },
  STAFF_DISABLED: { status: 403, zh: '该工作人员账号已停用', en: 'This staff account is disabled' },
  WECHAT_CODE_INVALID: {
    status: 401,
    zh: '微信登录凭证无效或已使用',
    en: 'The WeChat login code is invalid',
  },
  WECHAT_PHONE_CODE_INVALID: {
    status: 401,
    zh: '手机号授权无效，请重新授权',
    en: 'The WeChat phone code is invalid',
  },
  FORBIDDEN_ROLE: { status: 403, zh: '当前身份无权进行此操作', en: 'Your role may not do this' },
  FORBIDDEN_SCOPE: { status: 403, zh: '超出您的管辖范围', en: 'This is outside your scope' },
  NOT_FOUND: { status: 404, zh: '记录不存在', en: 'Not found' },
  STAFF_NOT_FOUND: {
    status: 404,
    zh: '该手机号未登记为工作人员，请联系街道中心',
    en: 'No staff record has this phone number',
  },
  METHOD_NOT_ALLOWED: { status: 405, zh: '接口不支持此方法', en: 'Method not allowed on this route' },
  ROUTE_NOT_FOUND: { status: 404, zh: '接口不存在', en: 'No such route' },
  ALREADY_REPORTED: { status: 409, zh: '本时段已打卡', en: 'This slot has already been reported' },
  ALREADY_VERIFIED: { status: 409, zh: '该记录已核实', en: 'This submission has already been verified' },
  HOUSEHOLD_EXISTS: { status: 409, zh: '您已登记家庭', en: 'You already have a household' },
  PERSON_EXISTS: { status: 409, zh: '该身份证号已在本户登记', en: 'This person is already in the household' },
  STAFF_PHONE_EXISTS: {
    status: 409,
    zh: '该手机号已登记为工作人员',
    en: 'A staff member already has this phone',
  },
  STAFF_ALREADY_BOUND: {
    status: 409,
    zh: '该工作人员已绑定其他微信',
    en: 'This staff record is bound to another WeChat user',
  },
  VERSION_CONFLICT: {
    status: 409,
    zh: '记录已被他人修改，请刷新后重试',
    en: 'Someone else changed this record; reload and retry',
  },
  INVALID_TRANSITION: {
    status: 409,
    zh: '当前状态下不能进行此操作',
    en: 'This change is not allowed in the current state',
  },
  ALREADY_QUARANTINED: { status: 409, zh: '此人已在居家隔离中', en: 'This person is already in quarantine' },
  NOT_QUARANTINED: {
    status: 409,
    zh: '该住户当前没有居家隔离人员',
    en: 'Nobody in this household is in quarantine',
  },
  PLANNED_END_INVALID: {
    status: 400,
    zh: '计划解除日期须晚于开始日期（延期须晚于原日期）',
    en: 'The planned end must be after the start (and after the current end when extending)',
  },
  PREFERRED_TIME_INVALID: {
    status: 400,
    zh: '期望送达时间须为今天或明天、尚未结束的时段',
    en: 'The preferred time must be a window today or tomorrow that has not ended',
  },
  REGION_UNKNOWN: { status: 400, zh: '区划代码不存在', en: 'No such region' },
  NOT_A_VILLAGE: {
    status: 400,
    zh: '网格只能设在村（社区）之下，须为 12 位村（社区）代码',
    en: 'Grids belong to a village or community (a 12-digit code)',
  },
  REGION_DATA_MISSING: { status: 400, zh: '暂无该城市的区划数据', en: 'No division data for this city' },
  GRID_EXISTS: { status: 409, zh: '该网格序号已被使用', en: 'A grid with this sequence exists' },
  STAFF_UNKNOWN: { status: 400, zh: '没有这名网格员或志愿者', en: 'No such gridworker or volunteer' },
  TOO_MANY_GRIDS: { status: 409, zh: '每人最多负责 20 个网格', en: 'A staff member works at most 20 grids' },
  IMPORT_FILE_EMPTY: { status: 400, zh: '上传的文件是空的', en: 'The uploaded file is empty' },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    zh: '文件过大（每次上传约 4 MB，全文 32 MB），请分段上传',
    en: 'Too large (about 4 MB per request, 32 MB a file); upload it in parts',
  },
  IMPORT_CONTENT_INVALID: {
    status: 400,
    zh: '文件内容不是有效的 Base64',
    en: 'contentBase64 is not valid base64',
  },
  IMPORT_NOT_REPARSABLE: {
    status: 409,
    zh: '只有读取失败的名单可以重新解析',
    en: 'Only an import that failed to read can be parsed again',
  },
  IMPORT_NOT_UPLOADING: {
    status: 409,
    zh: '该名单已开始处理，不能再上传分段',
    en: 'This import is no longer taking parts',
  },
  IMPORT_PARTS_MISSING: {
    status: 409,
    zh: '名单分段不完整，请补传缺少的分段',
    en: 'Some parts of the file are missing',
  },
  PERSON_MERGED: {
    status: 409,
    zh: '该人员档案已并入另一档案，请使用合并后的档案',
    en: 'This person was merged into another; use the surviving person',
  },
  MERGE_SAME_PERSON: { status: 400, zh: '不能与自己合并', en: 'A person cannot be merged into itself' },
  ALREADY_MERGED: { status: 409, zh: '该人员档案已被合并', en: 'This person has already been merged' },
  MERGE_REFUSED: {
    status: 409,
    zh: '被合并人员正在居家隔离，请先处理隔离记录',
    en: 'The person to absorb is in home quarantine',
  },
  TASK_CLOSED: { status: 409, zh: '该登记任务已完成', en: 'This registration task is already closed' },
  CONSENT_REQUIRED: {
    status: 403,
    zh: '请先阅读并同意个人信息保护告知书',
    en: 'Accept the current privacy notice first',
  },
  PRIVACY_NOTICE_OUTDATED: {
    status: 409,
    zh: '告知书已更新，请阅读最新版本后再同意',
    en: 'This is not the current privacy notice; read the current one',
  },
  UNMASK_REASON_INVALID: {
    status: 400,
    zh: '查看完整信息须填写理由（10–200 字）',
    en: 'Give a reason of 10–200 characters to see the full numbers',
  },
  CORRECTION_ALREADY_RESOLVED: {
    status: 409,
    zh: '该更正申请已处理',
    en: 'This correction request is already resolved',
  },
  PLATE_INVALID: {
    status: 400,
    zh: '车牌号不正确（如 鲁E·12345，新能源车 6 位）',
    en: 'The plate is invalid (e.g. 鲁E·12345; six characters for new-energy vehicles)',
  },
  CHECKPOINT_REGION_INVALID: {
    status: 400,
    zh: '卡口须设在村（社区，12 位代码）或专属网格（15 位代码）',
    en: 'A checkpoint belongs to a village/community (12 digits) or a grid (15 digits)',
  },
  TIME_INVALID: { status: 400, zh: '时间格式应为 HH:MM', en: 'Times are HH:MM' },
  TURN_BACK_REASON_REQUIRED: {
    status: 400,
    zh: '劝返原因选“其他”时须填写说明',
    en: 'Describe the reason when turning back for "other"',
  },
  PASS_ID_INVALID: { status: 400, zh: '通行码编号不正确', en: 'The pass id is invalid' },
  ENTRY_TIME_INVALID: {
    status: 400,
    zh: '登记时间不能晚于现在，也不能早于 48 小时前',
    en: 'The entry time must be within the last 48 hours',
  },
  SHIFT_NOT_YOURS: {
    status: 403,
    zh: '只能签到、签退自己的班次',
    en: 'You can sign in and out of your own shifts only',
  },
  SHIFT_OVERLAPS: {
    status: 409,
    zh: '该人员在这段时间已有班次，请换个时间或换人',
    en: 'This person already has a shift at that time',
  },
  SHIFT_STAFF_OUT_OF_SCOPE: {
    status: 400,
    zh: '该人员不负责此卡口所在的村（社区）',
    en: 'This staff member does not work in the checkpoint’s village',
  },
  RATE_LIMITED: { status: 429, zh: '操作太频繁，请稍后再试', en: 'Too many requests; try again shortly' },
  STORAGE_UNAVAILABLE: {
    status: 503,
    zh: '服务繁忙，请稍后再试',
    en: 'Storage is unavailable; try again shortly',
  },
  STORAGE_BUSY: {
    status: 503,
    zh: '服务繁忙，请稍后再试',
    en: 'Storage is busy (throttled); try again shortly',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求内容过大', en: 'The request is too large' },
  INTEGRATION_TIMEOUT: {
    status: 503,
    zh: '服务暂时不可用，请稍后重试',
    en: 'The request took too long; try again',
  },
  STARTING: {
    status: 503,
    zh: '服务正在启动，请稍候再试',
    en: 'The local stack is still starting (seeding demo data); try again in a few seconds',
  },
  WECHAT_UNAVAILABLE: { status: 503, zh: '微信服务暂不可用，请稍后再试', en: 'WeChat is unavailable' },
  INTERNAL: { status: 500, zh: '服务器内部错误', en: 'Internal error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The message sent in an error body: Chinese first, then English. */
export function errorMessage(code: ErrorCode): string {
  const entry = ERROR_CATALOGUE[code];
  return `${entry.zh} / ${entry.en}`;
}
