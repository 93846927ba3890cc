import { cssColor, type IconDesign } from './icon-design.ts';

/** An app icon as SVG: gradient rounded square with the app's initials. */
export function renderIconSvg(design: IconDesign, size: number): string {
  const radius = Math.round(size * 0.22);
  const fontSize = Math.round(size * (design.initials.length > 1 ? 0.38 : 0.5));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`,
    '<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">',
    `<stop offset="0" stop-color="${cssColor(design.top)}"/><stop offset="1" stop-color="${cssColor(design.bottom)}"/>`,
    '</linearGradient></defs>',
    `<rect width="${size}" height="${size}" rx="${radius}" fill="url(#g)"/>`,
    `<text x="50%" y="50%" dy=".35em" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-weight="600" font-size="${fontSize}" fill="#fff">${design.initials}</text>`,
    '</svg>',
  ].join('');
}
