import { SUPPLY_STATUS_LABELS, type SupplyRequest } from '@grid/shared';
import { Button, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useRef, useState } from 'react';
import { Message } from '../../../components/controls';
import { PageShell } from '../../../components/PageShell';
import { SubmitButton } from '../../../components/SubmitButton';
import { describeSupplyItems, shortTime } from '../../../data/supply';
import { useLoad } from '../../../hooks/stores';
import { useSubmitGuard } from '../../../hooks/submission';
import { zh } from '../../../i18n/zh';
import { zhResident } from '../../../i18n/zh-resident';
import { ROUTES } from '../../../routes';
import { actOnSupplyRequest, getMyHousehold, listHouseholdSupplyRequests } from '../../../services/api';
import { describeError } from '../../../services/http';
import '../../components/resident.scss';

async function loadSupply() {
  const household = await getMyHousehold();
  const page = await listHouseholdSupplyRequests(household.householdId);
  return { quarantined: household.members.some((m) => m.activeQuarantineId !== null), requests: page.items };
}

/** 物资申请: the household's requests and their status; a new one while someone is quarantined. */
export default function SupplyPage() {
  const data = useLoad(loadSupply);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) data.refresh();
    shown.current = true;
  });
  return (
    <PageShell
      title={zh.tiles.supply}
      loading={data.status === 'loading'}
      error={data.status === 'error' ? data.error : undefined}
      onRetry={data.reload}
    >
      {data.status === 'ready' && (
        <>
          {data.data.quarantined ? (
            <Button
              className="btn btn--primary"
              data-testid="supply-new"
              onClick={() => void Taro.navigateTo({ url: ROUTES.supplyNew })}
            >
              {zh.supply.newRequest}
            </Button>
          ) : (
            <Message kind="info" text={zh.supply.notQuarantined} />
          )}
          <Text className="card__title supply-list__title">{zh.supply.listTitle}</Text>
          {data.data.requests.length === 0 ? (
            <View className="state" data-testid="supply-list-empty">
              <Text className="state__text">{zh.supply.empty}</Text>
            </View>
          ) : (
            data.data.requests.map((r) => (
              <RequestCard key={r.requestId} request={r} onChanged={data.refresh} />
            ))
          )}
        </>
      )}
    </PageShell>
  );
}

function RequestCard(props: { request: SupplyRequest; onChanged: () => void }) {
  const { request } = props;
  const guard = useSubmitGuard();
  const [problem, setProblem] = useState<string | null>(null);
  // Cancelling cannot be undone: ask first (an elderly tap may be a slip).
  async function confirmCancel() {
    const { confirm } = await Taro.showModal({
      title: zhResident.supply.cancelTitle,
      content: zhResident.supply.cancelBody,
      confirmText: zhResident.supply.cancelConfirm,
      cancelText: zhResident.supply.cancelKeep,
    });
    if (confirm) await act('cancel');
  }
  const act = (action: 'cancel' | 'confirm') =>
    guard.run(async () => {
      setProblem(null);
      try {
        await actOnSupplyRequest(request.requestId, action);
        props.onChanged();
      } catch (error) {
        setProblem(describeError(error));
      }
    });
  const statusTag =
    request.status === 'delivered'
      ? 'tag--orange'
      : request.status === 'rejected'
        ? 'tag--red'
        : 'tag--green';
  return (
    <View className="card request-card" data-testid="supply-request" data-status={request.status}>
      <View className="request-card__head">
        <Text className="muted">{shortTime(request.createdAt)}</Text>
        <Text className={`tag ${statusTag}`} data-testid="supply-request-status">
          {request.autoConfirmed ? zh.supply.autoConfirmed : SUPPLY_STATUS_LABELS[request.status]}
        </Text>
      </View>
      <Text className="request-card__line">{zh.supply.items(describeSupplyItems(request.items))}</Text>
      {request.deliveryNote && (
        <Text className="request-card__line muted">{zh.supply.deliveryNote(request.deliveryNote)}</Text>
      )}
      {request.rejectionReason && (
        <Text className="request-card__line muted">{zh.supply.rejection(request.rejectionReason)}</Text>
      )}
      {request.status === 'submitted' && (
        <SubmitButton
          tone="plain"
          label={zh.supply.cancel}
          busy={guard.busy}
          onSubmit={() => void confirmCancel()}
          testId="supply-cancel"
        />
      )}
      {request.status === 'delivered' && (
        <SubmitButton
          label={zh.supply.confirm}
          busy={guard.busy}
          onSubmit={() => void act('confirm')}
          testId="supply-confirm"
        />
      )}
      {problem && <Message kind="error" text={problem} testId="supply-request-problem" />}
    </View>
  );
}
