import type { IssuedPass } from '@grid/shared';
import { passQrSvg } from '@grid/shared/pass';
import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useMemo } from 'react';
import { shortTime } from '../../data/supply';
import { zhPasses } from '../../i18n/zh-passes';
import './passes.scss';

/** The QR code as an image: an SVG drawn from the pass text, as a data URI (no canvas needed). */
function qrDataUri(text: string): string {
  const svg = passQrSvg(text);
  const bytes = Uint8Array.from(Array.from(svg, (c) => c.charCodeAt(0) & 0xff));
  return `data:image/svg+xml;base64,${Taro.arrayBufferToBase64(bytes.buffer)}`;
}

/**
 * One member's pass: the colour in large type on its colour, the masked name, the village, the
 * expiry and the QR code. An expired pass shows no QR code, so an old screenshot cannot pass.
 */
export function PassCard({ pass, now, testId }: { pass: IssuedPass; now: Date; testId: string }) {
  const expired = Date.parse(pass.expiresAt) <= now.getTime();
  const qr = useMemo(() => (expired ? null : qrDataUri(pass.text)), [pass.text, expired]);
  return (
    <View
      className={`pass pass--${expired ? 'expired' : pass.colour}`}
      data-testid={testId}
      data-colour={pass.colour}
    >
      <View className="pass__band">
        <Text className="pass__colour" data-testid={`${testId}-colour`}>
          {zhPasses.colour[pass.colour]}
        </Text>
        <Text className="pass__hint">{expired ? zhPasses.expired : zhPasses.colourHint[pass.colour]}</Text>
      </View>
      <Text className="pass__name" data-testid={`${testId}-name`}>
        {pass.maskedName}
      </Text>
      <Text className="pass__line">{zhPasses.village(pass.regionName)}</Text>
      {qr !== null && <Image className="pass__qr" src={qr} mode="aspectFit" data-testid={`${testId}-qr`} />}
      <Text className="pass__line" data-testid={`${testId}-expires`}>
        {zhPasses.expires(shortTime(pass.expiresAt))}
      </Text>
    </View>
  );
}
