import type { IssuedPass } from '@grid/shared';
import { passQrSvg } from '@grid/shared/pass';
import { Image, Text, View } from '@tarojs/components';
import { useMemo } from 'react';
import { shortTime } from '../data/supply';
import { zhPasses } from '../i18n/zh-passes';
import './pass-card.scss';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of an ASCII string, written here: Taro's arrayBufferToBase64 differs by platform (h5 reads a Uint8Array). */
function base64Ascii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 3) {
    const n =
      (text.charCodeAt(i) << 16) | ((text.charCodeAt(i + 1) || 0) << 8) | (text.charCodeAt(i + 2) || 0);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]!;
    out += i + 1 < text.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < text.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** The QR code as an image: an SVG drawn from the pass text, as a data URI (no canvas needed). */
function qrDataUri(text: string): string {
  return `data:image/svg+xml;base64,${base64Ascii(passQrSvg(text))}`;
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
      {qr !== null && <Image className="pass__qr" src={qr} mode="scaleToFill" data-testid={`${testId}-qr`} />}
      <Text className="pass__line" data-testid={`${testId}-expires`}>
        {zhPasses.expires(shortTime(pass.expiresAt))}
      </Text>
    </View>
  );
}
