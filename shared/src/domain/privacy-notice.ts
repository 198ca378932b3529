/**
 * The privacy notice a resident accepts before the first health report or travel declaration.
 * A new version (a change of what is collected or who sees it) asks every resident again: the
 * API refuses reports with CONSENT_REQUIRED until the current version is accepted.
 */
export const PRIVACY_NOTICE = {
  version: '2026-11-01',
  title: '个人信息保护告知书',
  paragraphs: [
    '为做好社区疫情防控，我们收集您和家庭成员的姓名、身份证号、手机号、体温与症状、行程信息，仅用于健康监测、流行病学调查和居家隔离服务。',
    '身份证号和手机号加密保存，列表中只显示部分号码。工作人员查看完整号码须说明理由，每一次查看都有记录，您可以在“谁查看了我的信息”中看到。',
    '信息只由您所在网格的网格员和上级网格中心在职责范围内使用，不用于其他目的，不提供给无关单位或个人。',
    '发现信息有误，可以在小程序中申请更正；隔离结束后，打卡、行程等记录按规定期限删除。',
    '同意本告知书后，方可为自己和家人健康打卡、申报行程。',
  ],
} as const;

export type PrivacyNotice = typeof PRIVACY_NOTICE;
