import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { demoLogin } from '../../config/api';
import { type DemoOpenid, zh } from '../../i18n/zh';
import './index.scss';

const demoOpenids = Object.keys(zh.demoLogin.identities) as DemoOpenid[];

export default function Index() {
  return (
    <View className="index">
      <Text className="index__title">{zh.appName}</Text>
      <Text className="index__tagline">{zh.tagline}</Text>
      {process.env.TARO_ENV === 'h5' && <DemoLoginPanel />}
    </View>
  );
}

function DemoLoginPanel() {
  const [status, setStatus] = useState<string>(zh.demoLogin.notLoggedIn);
  const [busy, setBusy] = useState(false);

  async function login(openid: DemoOpenid) {
    setBusy(true);
    setStatus(zh.demoLogin.loggingIn);
    try {
      const { user } = await demoLogin(openid);
      setStatus(zh.demoLogin.loggedIn(user.name, user.role));
    } catch (error) {
      setStatus(zh.demoLogin.failed(error instanceof Error ? error.message : String(error)));
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
          className="demo-login__button"
          data-testid={`demo-login-${openid}`}
          // Taro h5 renders disabled={false} as the attribute disabled="false", which its CSS greys out.
          disabled={busy || undefined}
          onClick={() => login(openid)}
        >
          {zh.demoLogin.identities[openid]}
        </Button>
      ))}
      <Text className="demo-login__status" data-testid="login-status">
        {status}
      </Text>
    </View>
  );
}
