/** A join link as a QR code (SVG). The library is loaded on first use, not at every start. */
export async function qrSvg(link: string, width?: number): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', ...(width ? { width } : {}) });
}
