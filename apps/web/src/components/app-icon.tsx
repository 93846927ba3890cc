import { useState } from 'react';

interface AppIconProps {
  /** Apple's artwork, or null when the app has none. */
  url: string | null;
  size?: 'small' | 'large';
}

/**
 * The app's icon, or a neutral glyph when it has none or the image does not load. Decoration only:
 * the app's name is always written next to it.
 */
export function AppIcon({ url, size = 'small' }: AppIconProps) {
  const [failedUrl, setFailedUrl] = useState<string>();
  const pixels = size === 'large' ? 56 : 36;
  if (!url || failedUrl === url) {
    return (
      <span className={`app-icon app-icon--${size} app-icon--placeholder`} aria-hidden="true">
        <svg viewBox="0 0 24 24" width={pixels / 2} height={pixels / 2} focusable="false" aria-hidden="true">
          <rect x="3" y="3" width="7" height="7" rx="2" />
          <rect x="14" y="3" width="7" height="7" rx="2" />
          <rect x="3" y="14" width="7" height="7" rx="2" />
          <rect x="14" y="14" width="7" height="7" rx="2" />
        </svg>
      </span>
    );
  }
  return (
    <img
      className={`app-icon app-icon--${size}`}
      src={url}
      alt=""
      width={pixels}
      height={pixels}
      referrerPolicy="no-referrer"
      onError={() => setFailedUrl(url)}
    />
  );
}
