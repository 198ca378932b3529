import type { ResidentMessage } from '@grid/shared';

/** The resident screens' strings added for issue 13 (zh.ts is past its size): same rules as zh.ts. */
export const zhResident = {
  temperature: {
    empty: '请填写体温',
    sign: '体温不能带正负号',
    invalid: '请只填数字，如 36.5',
    range: '体温须在 35.0–42.0 之间',
    last: (t: string) => `上次 ${t} °C，按 +/− 从上次开始`,
    placeholder: '未测量',
  },
  today: {
    title: '今日打卡',
    status: {
      due: '待报',
      missed: '未报',
      reported: '已报',
      verified: '已核实',
      rejected: '已退回',
      queued: '待同步',
    },
    rejectedNote: (note: string) => `网格员退回：${note}。可以重新打卡`,
    allDone: '本时段全家都已打卡',
    doneMember: (name: string, status: string) => `${name}：${status}`,
  },
  result: {
    done: '完成',
    home: '返回首页',
    checkinTitle: '打卡结果',
  },
  messages: {
    verification: (m: Extract<ResidentMessage, { kind: 'verification' }>, slot: string) =>
      `${m.personName}的${m.submissionType === 'health' ? `${m.date} ${slot}打卡` : `${m.date} 到达的行程申报`}${
        m.decision === 'confirmed' ? '已核实' : '被退回'
      }`,
    alert: (m: Extract<ResidentMessage, { kind: 'alert' }>, slot: string) =>
      m.alertKind === 'FEVER'
        ? `${m.personName} ${m.date} ${slot}体温 ${m.temperature?.toFixed(1) ?? ''} °C，已通知网格员`
        : `${m.personName} ${m.date} ${slot}未按时报体温，已通知网格员`,
    alertStatus: { open: '网格员处理中', acknowledged: '网格员已知悉', resolved: '已处理' },
    rejectedNote: (note: string) => `退回原因：${note}`,
    resolution: (text: string) => `处理结果：${text}`,
    riskAfterSync: (label: string) => `${label}：您来自风险地区，请在家等候，网格员会联系您`,
    syncedTravel: (label: string) => `行程申报已同步：${label}`,
  },
  /** A fever of someone in home quarantine: they must not go out, the gridworker arranges care. */
  feverAdviceQuarantine:
    '您家正在居家隔离：请不要外出，也不要自行去医院或药店。戴好口罩、与家人分开，网格员已收到通知，会尽快联系您安排就医。',
  travel: {
    companionsHint: '多人用逗号或空格分开，每人最多 30 个字',
  },
  register: {
    membersLabel: '家庭成员',
    done: '登记成功',
    doneHint: '您和家人现在可以健康打卡、申报行程了',
  },
  supply: {
    cancelTitle: '取消这次物资申请？',
    cancelBody: '取消后网格员不会再配送这次的物资',
    cancelConfirm: '确定取消',
    cancelKeep: '不取消',
  },
  privacy: {
    tile: '个人信息',
    title: '个人信息保护',
    noticeTitle: '告知书内容',
    accessLog: '谁查看了我的信息',
    accessLogHint: '网格员和网格中心每次查看您家人的完整手机号、身份证号或健康记录，都记录在这里',
    accessLogEmpty: '还没有工作人员查看过您家人的信息',
    /** `who` is the staff member's name with their role, as the API gives it. */
    accessLine: (who: string, what: string) => `${who} ${what}`,
    reason: (r: string) => `理由：${r}`,
    withdraw: '撤回同意',
    withdrawTitle: '撤回对告知书的同意？',
    withdrawBody:
      '撤回后，为自己和家人健康打卡、申报行程前需要重新阅读并同意告知书；已保存的信息按规定期限保存和删除，不会因撤回而立即删除。',
    withdrawConfirm: '确定撤回',
    withdrawKeep: '不撤回',
    withdrawn: '已撤回同意。下次打卡或申报前会再次请您阅读告知书。',
    corrections: '申请更正',
    correctionsHint: '家人信息有误，可申请网格员更正；处理结果会显示在这里',
    correctionsEmpty: '还没有更正申请',
    newCorrection: '提交更正申请',
    who: '哪位家人',
    field: '哪一项有误',
    proposed: '正确的内容',
    proposedPlaceholder: '填写正确的内容',
    reasonLabel: '说明',
    reasonPlaceholder: '例如：登记时写错了',
    submitted: '更正申请已提交，网格员会尽快处理',
    status: { open: '处理中', applied: '已更正', rejected: '未更正' },
    resolution: (note: string) => `处理说明：${note}`,
    missingProposed: '请填写正确的内容',
    missingReason: '请写一句说明（至少 2 个字）',
    fields: {
      name: '姓名',
      idNumber: '身份证号',
      phone: '手机号',
      relation: '与户主关系',
      birthDate: '出生日期',
      sex: '性别',
      other: '其他',
    },
    actions: {
      getPersonContact: '查看了完整手机号',
      unmaskPerson: '查看了完整身份证号和手机号',
      listHealthReports: '查看了健康打卡记录',
      getPersonFile: '查看了个人档案',
    } as Record<string, string>,
    otherAction: '查看了家庭信息',
  },
  staff: {
    link: '我是网格员、志愿者或网格中心工作人员 ›',
    phoneNeeded: '请输入 11 位手机号',
  },
  shell: {
    back: '返回',
  },
} as const;
