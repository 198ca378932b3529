export * from './base45';
export * from './claims';
export { PASS_LIFETIME_SECONDS, type PassFacts, passColourOf, RISK_ARRIVAL_DAYS } from './colour';
export {
  bytesToHex,
  type DecodedPass,
  decodePass,
  encodePass,
  hexToBytes,
  PASS_PREFIX,
  sigStructure,
} from './cose';
export { PASS_QR_LEVEL, type PassQr, passQr, passQrSvg } from './qr';
export { derToRawSignature, localPassSigner, passKeyId, passPublicKeyHex } from './sign';
export { verifyPass } from './verify';
