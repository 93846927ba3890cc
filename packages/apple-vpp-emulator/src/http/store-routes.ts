import { Router } from 'express';
import { iconDesign } from '../artwork/icon-design.ts';
import { renderIconPng } from '../artwork/render-icon-png.ts';
import { renderIconSvg } from '../artwork/render-icon-svg.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import { contentLookup } from '../endpoints/content-lookup.ts';
import { ARTWORK_PATH, CONTENT_LOOKUP_PATH, INVITATION_PATH } from '../endpoints/service-config.ts';
import { acceptInvitation } from '../events/apply-user-event.ts';
import { publicBaseUrl } from './apple-routes.ts';

const MAX_ICON_SIZE = 1024;

/**
 * The parts of Apple's other hosts the emulator stands in for: the store's content metadata
 * lookup, icon images, and the invitation link a user opens to associate an Apple Account.
 */
export function storeRouter(context: EmulatorContext): Router {
  const router = Router();

  router.get(CONTENT_LOOKUP_PATH, (req, res) => {
    res.json(contentLookup(context.organisation.catalog, req.query, publicBaseUrl(context, req)));
  });

  router.get(`${ARTWORK_PATH}/:adamId/:file`, (req, res) => {
    const item = context.organisation.catalog.get(req.params.adamId);
    const match = /^(\d+)x(\d+)[a-z]*\.(png|jpg|jpeg|webp|svg)$/.exec(req.params.file);
    if (item === undefined || match === null) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    const size = Math.min(MAX_ICON_SIZE, Math.max(16, Number(match[1])));
    const design = iconDesign(item.adamId, item.name);
    res.set('Cache-Control', 'public, max-age=86400');
    if (match[3] === 'svg') res.type('image/svg+xml').send(renderIconSvg(design, size));
    else res.type('image/png').send(renderIconPng(design, size));
  });

  // The invitation email's link: opening it is the user signing in with an Apple Account.
  router.get(INVITATION_PATH, (req, res) => {
    const inviteCode = typeof req.query.inviteCode === 'string' ? req.query.inviteCode : '';
    for (const location of context.organisation.locations) {
      const user = location.users.find(
        (candidate) => candidate.status === 'Registered' && candidate.inviteCode === inviteCode,
      );
      if (user === undefined) continue;
      context.notifications.send(
        location,
        acceptInvitation(location, user, `${user.clientUserId}@appleid.example`),
      );
      res
        .type('text/html')
        .send('<!doctype html><title>Invitation accepted</title><p>Invitation accepted.</p>');
      return;
    }
    res
      .status(404)
      .type('text/html')
      .send('<!doctype html><title>Invitation not found</title><p>Invitation not found.</p>');
  });

  return router;
}
