import { Button, Input, Text, View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useState } from 'react';
import { LargeFontSwitch } from '../../components/LargeFontSwitch';
import { PageShell } from '../../components/PageShell';
import { type DemoOpenid, zh } from '../../i18n/zh';
import { ROUTES } from '../../routes';
import { describeError } from '../../services/http';
import { currentSession, signInAsDemo, signInWithWeChat } from '../../services/session';
import './index.scss';

const demoOpenids = Object.keys(zh.demoLogin.identities) as DemoOpenid[];

function goHome() {
  void Taro.reLaunch({ url: ROUTES.home });
}

export default function Index() {
  useDidShow(() => {
    if (currentSession()) goHome();
  });
  return (
    <PageShell showOutbox={false}>
      <View className="index">
        <Text className="index__title">{zh.appName}</Text>
        <Text className="index__tagline">{zh.tagline}</Text>
        <View className="card index__font">
          <LargeFontSwitch />
        </View>
        {process.env.TARO_ENV === 'h5' ? <DemoLoginPanel /> : <WeChatLogin />}
      </View>
    </PageShell>
  );
}

function WeChatLogin() {
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  async function login() {
    setBusy(true);
    setStatus(zh.login.loggingIn);
    try {
      await signInWithWeChat();
      goHome();
    } catch (error) {
      setStatus(zh.login.failed(describeError(error)));
    } finally {
      setBusy(false);
    }
  }
  return (
    <View className="demo-login">
      <Button className="btn btn--primary" disabled={busy || undefined} onClick={login}>
        {zh.login.wechatButton}
      </Button>
      <Text className="demo-login__hint">{zh.login.wechatHint}</Text>
      {status && <Text className="demo-login__status">{status}</Text>}
    </View>
  );
}

function DemoLoginPanel() {
  const [status, setStatus] = useState<string>(zh.demoLogin.notLoggedIn);
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState('');

  async function login(openid: string) {
    setBusy(true);
    setStatus(zh.demoLogin.loggingIn);
    try {
      const { user } = await signInAsDemo(openid);
      setStatus(zh.demoLogin.loggedIn(user.name, zh.roles[user.role]));
      goHome();
    } catch (error) {
      setStatus(zh.demoLogin.failed(describeError(error)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="demo-login">
      <Text className="demo-login__heading">{zh.demoLogin.heading}</Text>
      <Text className="demo-login__hint">{zh.demoLogin.hint}</Text>
      {demoOpenids.map((openid) => (
        <Button
          key={openid}
          className="btn demo-login__button"
          data-testid={`demo-login-${openid}`}
          // Taro h5 renders disabled={false} as the attribute disabled="false", which its CSS greys out.
          disabled={busy || undefined}
          onClick={() => login(openid)}
        >
          {zh.demoLogin.identities[openid]}
        </Button>
      ))}
      <Text className="demo-login__hint">{zh.demoLogin.otherLabel}</Text>
      <View className="row">
        <Input
          className="input demo-login__other"
          data-testid="demo-login-other"
          placeholder={zh.demoLogin.otherPlaceholder}
          value={other}
          onInput={(e) => setOther(e.detail.value.trim())}
        />
        <Button
          className="btn btn--small"
          data-testid="demo-login-other-submit"
          disabled={busy || !/^[A-Za-z0-9_-]{1,64}$/.test(other) || undefined}
          onClick={() => login(other)}
        >
          {zh.demoLogin.otherButton}
        </Button>
      </View>
      <Text className="demo-login__status" data-testid="login-status">
        {status}
      </Text>
    </View>
  );
}
